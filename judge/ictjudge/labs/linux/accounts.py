"""Users and groups as the student's /etc/passwd and /etc/group define them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class User:
    name: str
    uid: int
    gid: int
    home: str
    shell: str


@dataclass(frozen=True)
class Group:
    name: str
    gid: int
    members: tuple[str, ...]  # supplementary members, as listed in /etc/group


@dataclass(frozen=True)
class Accounts:
    users: dict[str, User] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)  # name -> set/locked/empty/none

    @classmethod
    def parse(cls, passwd: str, group: str, shadow: dict[str, str] | None = None) -> Accounts:
        """Lines that are not well formed are skipped, as the C library skips them."""
        users: dict[str, User] = {}
        for line in passwd.splitlines():
            parts = line.split(":")
            if len(parts) == 7 and parts[2].isdigit() and parts[3].isdigit():
                users.setdefault(
                    parts[0], User(parts[0], int(parts[2]), int(parts[3]), parts[5], parts[6])
                )
        groups: dict[str, Group] = {}
        for line in group.splitlines():
            parts = line.split(":")
            if len(parts) == 4 and parts[2].isdigit():
                members = tuple(m for m in parts[3].split(",") if m)
                groups.setdefault(parts[0], Group(parts[0], int(parts[2]), members))
        return cls(users, groups, dict(shadow or {}))

    def user_name(self, uid: int) -> str:
        return next((u.name for u in self.users.values() if u.uid == uid), str(uid))

    def group_name(self, gid: int) -> str:
        return next((g.name for g in self.groups.values() if g.gid == gid), str(gid))

    def uid_of(self, name: str) -> int | None:
        if name.isdigit():
            return int(name)
        user = self.users.get(name)
        return user.uid if user else None

    def gid_of(self, name: str) -> int | None:
        if name.isdigit():
            return int(name)
        group = self.groups.get(name)
        return group.gid if group else None

    def groups_of(self, name: str) -> set[str]:
        """Every group ``name`` is in: its primary group and the supplementary ones."""
        user = self.users.get(name)
        found = {g.name for g in self.groups.values() if name in g.members}
        if user is not None:
            found.add(self.group_name(user.gid))
        return found

    def members_of(self, name: str) -> set[str]:
        """Everyone in group ``name``: listed members and users whose primary group it is."""
        group = self.groups.get(name)
        if group is None:
            return set()
        return set(group.members) | {u.name for u in self.users.values() if u.gid == group.gid}

    def uids(self) -> dict[str, int]:
        return {name: user.uid for name, user in self.users.items()}
