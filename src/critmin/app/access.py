"""Who may see and do what in the service: users, partners, roles and visibility.

A deployment with no user runs in *local mode*: one person on their own machine, who
sees and does everything (and the server refuses to listen beyond loopback). Once a user
exists, every request names one by its token, and:

* a **role** says what the user may do: ``viewer`` reads, ``analyst`` also creates
  scenarios and starts runs and deletes their own partner's, ``admin`` also deletes any of
  their partner's and reads the audit log;
* a **partner** (an ISO 3166-1 alpha-3 code: the government or company the user works
  for) owns what its users create, and each object has a **visibility**: ``private`` (the
  owner partner only), ``coalition`` (also the partners listed with it: for a scenario or
  a run, the members of its coalition) or ``public`` (every user of the deployment).

An object a caller may not see does not exist for them: the service answers 404, never
403, so a partner cannot even learn that another's private scenario exists.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["viewer", "analyst", "admin"]
Visibility = Literal["private", "coalition", "public"]

ROLES: tuple[str, ...] = ("viewer", "analyst", "admin")
VISIBILITIES: tuple[str, ...] = ("private", "coalition", "public")

#: Prefix of every token critmin issues (so a leaked one is recognisable in a scan).
TOKEN_PREFIX = "cm_"


def is_partner(code: str) -> bool:
    """Whether ``code`` is an assigned ISO 3166-1 alpha-3 code (a partner is a real country:
    the user-assigned codes a dataset may use, such as ``XOT`` for "others", are not)."""
    from critmin.data.checks import is_assigned_iso3

    return is_assigned_iso3(code)


def new_token() -> str:
    """A fresh bearer token: 256 random bits, URL-safe."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the store keeps of a token: its SHA-256 (a token has 256 random bits, so a
    fast hash is enough; a slow password hash protects guessable secrets, not these)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Principal:
    """The caller of a request.

    Attributes
    ----------
    name : the user's name (``local`` in local mode).
    partner : the user's partner, ISO3 (None in local mode: no partner, sees everything).
    role : ``viewer``, ``analyst`` or ``admin``.
    """

    name: str
    partner: str | None
    role: str
    local: bool = field(default=False)

    @property
    def can_write(self) -> bool:
        return self.role in ("analyst", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


#: The caller when no user is configured.
LOCAL = Principal(name="local", partner=None, role="admin", local=True)


def may_see(who: Principal, record: dict[str, Any]) -> bool:
    """Whether ``who`` may see a stored object with ``partner``, ``visibility`` and
    ``partners`` (objects stored in local mode have no partner and are public)."""
    if who.local:
        return True
    owner, vis = record.get("partner"), record.get("visibility") or "public"
    if vis == "public" or owner is None:
        return True
    if who.partner == owner:
        return True
    return vis == "coalition" and who.partner in (record.get("partners") or [])


def may_delete(who: Principal, record: dict[str, Any]) -> bool:
    """An analyst deletes what their partner owns if they created it; an admin anything
    their partner owns; in local mode, anything."""
    if who.local:
        return True
    if not who.can_write or record.get("partner") != who.partner:
        return False
    return who.is_admin or record.get("owner") == who.name


def ownership(who: Principal, visibility: str | None,
              coalition: Iterable[str] = ()) -> dict[str, Any]:
    """The owner, partner, visibility and partners a new object created by ``who`` gets.

    Private by default once users exist (nothing is shared by accident); in local mode
    everything is public (there is nobody to hide it from)."""
    if who.local:
        return {"owner": who.name, "partner": None, "visibility": visibility or "public",
                "partners": sorted(set(coalition))}
    partners = sorted({*coalition, who.partner} - {None})
    return {"owner": who.name, "partner": who.partner,
            "visibility": visibility or "private", "partners": partners}
