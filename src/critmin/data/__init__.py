"""Datasets: schemas, loading, checks and the bundled data.

>>> from critmin.data import load_sample
>>> ds = load_sample()
>>> sorted(ds.stages["stage"])
['magnet', 'mining', 'separation']
"""

from critmin.data.dataset import Dataset as Dataset
from critmin.data.io import bundled_path as bundled_path
from critmin.data.io import load_dataset as load_dataset
from critmin.data.io import load_sample as load_sample
from critmin.data.io import read_table_file as read_table_file
from critmin.data.io import save_dataset as save_dataset
from critmin.data.io import validate_dataset as validate_dataset
from critmin.data.schema import get_schema as get_schema
from critmin.data.schema import table_schemas as table_schemas

__all__ = ["Dataset", "bundled_path", "get_schema", "load_dataset", "load_sample",
           "read_table_file", "save_dataset", "table_schemas", "validate_dataset"]
