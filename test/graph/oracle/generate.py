#!/usr/bin/python3
"""Records Alembic 1.8's answers on a set of revision graphs into cases.json, the oracle for Retort's graph tests.

Run with the system Python that has python3-alembic installed:
    /usr/bin/python3 test/graph/oracle/generate.py

Alembic breaks some ties by Python set order (which normalized dependency comes first, which merge row is
deleted and which updated). Retort breaks them by sorting ids; the few places below that sort are marked
"set order", so the oracle records Alembic's behaviour with that one tie-break fixed.
Revisions are given to Alembic sorted by id, the load order Retort assumes.
"""

import json
import os
import sys
import types
import warnings

import alembic
from alembic import util as alembic_util
from alembic.runtime import migration
from alembic.script import revision as rv
from alembic.script.base import ScriptDirectory

assert alembic.__version__.startswith("1.8"), alembic.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases.json")


# ---------------------------------------------------------------- set-order tie-breaks fixed by sorting

_orig_merge = migration.RevisionStep.merge_branch_idents
_orig_unmerge_to = migration.RevisionStep._unmerge_to_revisions


def _sorted_merge(self, heads):
    deletes, update_from, update_to = _orig_merge(self, heads)
    ordered = sorted(deletes + [update_from])  # set order
    return ordered[:-1], ordered[-1], update_to


def _sorted_unmerge_to(self, heads):
    return tuple(sorted(_orig_unmerge_to(self, heads)))  # set order


migration.RevisionStep.merge_branch_idents = _sorted_merge
migration.RevisionStep._unmerge_to_revisions = _sorted_unmerge_to


class Rev(rv.Revision):
    """A Revision that RevisionStep can run (it only needs module.upgrade/downgrade and doc)."""

    doc = ""
    module = types.SimpleNamespace(upgrade=lambda: None, downgrade=lambda: None)


def build_map(spec):
    revs = []
    for r in sorted(spec, key=lambda r: r["id"]):
        revs.append(
            Rev(
                r["id"],
                tuple(r["down"]) or None,
                dependencies=tuple(r.get("deps", ())) or None,
                branch_labels=tuple(r.get("labels", ())) or None,
            )
        )
    rm = rv.RevisionMap(lambda: revs)
    rm._revision_map  # build now
    for r in revs:
        r._normalized_resolved_dependencies = tuple(sorted(r._normalized_resolved_dependencies))  # set order
    return rm


class Script:
    """Just enough of ScriptDirectory for its _upgrade_revs/_downgrade_revs/_stamp_revs to run on a bare map."""

    def __init__(self, rm):
        self.revision_map = rm

    _catch_revision_errors = ScriptDirectory._catch_revision_errors
    get_revisions = ScriptDirectory.get_revisions
    iterate_revisions = ScriptDirectory.iterate_revisions
    _upgrade_revs = ScriptDirectory._upgrade_revs
    _downgrade_revs = ScriptDirectory._downgrade_revs
    _stamp_revs = ScriptDirectory._stamp_revs


class RecordingHeads(migration.HeadMaintainer):
    """HeadMaintainer with the three SQL writers replaced by a log; the decision logic is Alembic's own."""

    def __init__(self, heads):
        self.heads = set(heads)
        self.log = []

    def _insert_version(self, version):
        assert version not in self.heads
        self.heads.add(version)
        self.log.append("+" + version)

    def _delete_version(self, version):
        self.heads.remove(version)
        self.log.append("-" + version)

    def _update_version(self, from_, to_):
        assert to_ not in self.heads
        self.heads.remove(from_)
        self.heads.add(to_)
        self.log.append(from_ + ">" + to_)


def error(exc):
    cause = exc.__cause__ if isinstance(exc, alembic_util.CommandError) and exc.__cause__ else exc
    kind = type(cause).__name__
    if not isinstance(cause, (rv.RevisionError, alembic_util.CommandError)):
        kind = "crash:" + kind
    message = str(exc.args[0]) if exc.args else ""
    marker = "overlaps with other requested revisions "
    if marker in message:  # set order
        head, _, tail = message.partition(marker)
        message = head + marker + ", ".join(sorted(tail.split(", ")))
        cause = message
    out = {"type": kind, "message": message}
    if str(cause) != message:
        out["cause"] = str(cause)
    return out


def attempt(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = {"ok": fn()}
        except Exception as exc:  # noqa: BLE001 - every failure is data here
            result = {"err": error(exc)}
    if caught:
        result["warned"] = [str(w.message) for w in caught]
    return result


def ids(revs):
    """Revision ids; "base" where a walk went below a base, None where it walked off the graph."""
    return [r if r is None or r == "base" else r.revision for r in revs]


def run_steps(steps, heads):
    maintainer = RecordingHeads(heads)
    out = []
    for step in steps:
        maintainer.log = []
        maintainer.update_to_step(step)
        if isinstance(step, migration.StampStep):
            kind, rev = "stamp", None
        else:
            kind, rev = ("upgrade" if step.is_upgrade else "downgrade"), step.revision.revision
        # Compact: [kind, revision, fromIds, toIds, changes]; a change is "+id", "-id" or "from>to".
        out.append([kind, rev, list(step.from_revisions_no_deps), list(step.to_revisions_no_deps), maintainer.log])
    return {"steps": out, "headsAfter": sorted(maintainer.heads)}


# ---------------------------------------------------------------- the shapes


def R(id_, down=(), deps=(), labels=()):
    return {"id": id_, "down": list(down), "deps": list(deps), "labels": list(labels)}


SHAPES = {
    "chain": [R("a001"), R("b002", ["a001"]), R("c003", ["b002"]), R("d004", ["c003"])],
    "fork": [R("a001"), R("b002", ["a001"]), R("c1c1", ["b002"]), R("c2c2", ["b002"]), R("d1d1", ["c1c1"])],
    "diamond": [
        R("a001"),
        R("b1b1", ["a001"]),
        R("b2b2", ["a001"]),
        R("c003", ["b1b1", "b2b2"]),
        R("d004", ["c003"]),
    ],
    "threeWayMerge": [
        R("a001"),
        R("b1b1", ["a001"]),
        R("b2b2", ["a001"]),
        R("b3b3", ["a001"]),
        R("c2c2", ["b2b2"]),
        R("m004", ["b1b1", "c2c2", "b3b3"]),
        R("n005", ["m004"]),
    ],
    "unmergedHeads": [
        R("a001"),
        R("b002", ["a001"]),
        R("c1c1", ["b002"]),
        R("d1d1", ["c1c1"]),
        R("c2c2", ["b002"]),
        R("d2d2", ["c2c2"]),
        R("c3c3", ["b002"]),
    ],
    "prefixes": [R("abc123"), R("abc456", ["abc123"]), R("abd789", ["abc456"]), R("fff", ["abd789"])],
    "labeledBranch": [
        R("a", labels=["abranch"]),
        R("b", ["a"]),
        R("somelongername", ["b"]),
        R("c", ["somelongername"]),
        R("d"),
        R("e", ["d"], labels=["ebranch"]),
        R("someothername", ["e"]),
        R("f", ["someothername"]),
    ],
    "branchTravelling": [
        R("a1"),
        R("a2", ["a1"]),
        R("a3", ["a2"]),
        R("b1", ["a3"]),
        R("b2", ["a3"]),
        R("cb1", ["b1"]),
        R("cb2", ["b2"]),
        R("db1", ["cb1"]),
        R("db2", ["cb2"]),
        R("e1b1", ["db1"]),
        R("fe1b1", ["e1b1"]),
        R("e2b1", ["db1"]),
        R("e2b2", ["db2"]),
        R("merge", ["e2b1", "e2b2"]),
    ],
    "multipleBase": [
        R("base1"),
        R("base2"),
        R("base3"),
        R("a1a", ["base1"]),
        R("a1b", ["base1"]),
        R("a2", ["base2"]),
        R("a3", ["base3"]),
        R("b1a", ["a1a"]),
        R("b1b", ["a1b"]),
        R("b2", ["a2"]),
        R("b3", ["a3"]),
        R("c2", ["b2"]),
        R("d2", ["c2"]),
        R("mergeb3d2", ["b3", "d2"]),
    ],
    "crossDependency": [
        R("base1", labels=["b_1"]),
        R("a1a", ["base1"]),
        R("a1b", ["base1"]),
        R("b1a", ["a1a"]),
        R("b1b", ["a1b"], deps=["a3"]),
        R("base2", labels=["b_2"]),
        R("a2", ["base2"]),
        R("b2", ["a2"]),
        R("c2", ["b2"], deps=["a3"]),
        R("d2", ["c2"]),
        R("base3", labels=["b_3"]),
        R("a3", ["base3"]),
        R("b3", ["a3"]),
    ],
    "baseDependsOnLabel": [
        R("lib1", labels=["lib"]),
        R("lib2", ["lib1"]),
        R("lib3", ["lib2"]),
        R("app1", deps=["lib"], labels=["app"]),
        R("app2", ["app1"]),
        R("plug1", deps=["app2", "lib3"], labels=["plug"]),
    ],
    "effectiveHead": [
        R("aaaa00000001", labels=["lib"]),
        R("aaaa00000002", ["aaaa00000001"]),
        R("bbbb00000001", deps=["aaaa00000002"], labels=["app"]),
    ],
    "specDependsOn": [R("A0"), R("A1", ["A0"]), R("B0"), R("B1", ["B0"], deps=["A1"])],
    "multipleBranchEffectiveHead": [
        R("x1", labels=["xb"]),
        R("x2", ["x1"]),
        R("y1", labels=["yb"]),
        R("y2", ["y1"], deps=["x1"]),
    ],
    "dependsOnOwnDownrev": [R("a001"), R("b002", ["a001"], deps=["a001"]), R("c003", ["b002"])],
    "normalizedDeps": [
        R("a001"),
        R("b002", ["a001"]),
        R("c003", ["b002"], deps=["x001"]),
        R("d004", ["c003"], deps=["x001", "a001"]),
        R("x001"),
        R("x002", ["x001"]),
    ],
    "sample": [
        R("1975ea83b712"),
        R("27c6a30d7c24", ["1975ea83b712"]),
        R("ae1027a6acf1", ["27c6a30d7c24"]),
        R("3cac04ae8714", ["27c6a30d7c24"]),
        R("53fffde5ad5c", ["3cac04ae8714", "ae1027a6acf1"]),
        R("4a5b6c7d8e9f", ["53fffde5ad5c"]),
        R("5b3a1d2c9e0f", labels=["networking"]),
        R("6c4b2e3d0f1a", ["5b3a1d2c9e0f"], deps=["27c6a30d7c24"]),
    ],
}


# ---------------------------------------------------------------- what is asked of each shape


def idents_for(spec, rm):
    all_ids = [r["id"] for r in spec]
    labels = sorted({l for r in spec for l in r["labels"]})
    out = ["head", "heads", "base", "nosuchrev", "zz", "nolabel@head"]
    out += all_ids
    for i in all_ids:
        out += [i[:2], i[:4], i + "@head", i + "@base", i + "@heads", i + "+1", i + "-1", i + "+2", i + "-2"]
    for l in labels:
        out += [l, l + "@head", l + "@base", l + "@heads", l + "@-1", l + "@-2"]
        out += [l + "@" + i for i in all_ids[:6]]
        out += [l + "@" + i[:3] for i in all_ids[:6]]
    out += ["head-1", "head-2", "heads-1", "head+1"]
    seen = []
    for x in out:
        if x not in seen:
            seen.append(x)
    return seen


def row_sets(spec, rm):
    all_ids = sorted(r["id"] for r in spec)
    sets = [[]]
    # Every revision as a single row on small graphs; every other one on larger graphs (keeps the file small).
    sets += [[i] for i in (all_ids if len(all_ids) <= 8 else all_ids[::3])]
    sets.append(sorted(rm.heads))
    sets.append(sorted(rm._real_heads))
    heads = sorted(rm.heads)
    pairs = [[heads[i], heads[j]] for i in range(len(heads)) for j in range(i + 1, len(heads))]
    sets += pairs[:3]
    out = []
    for s in sets:
        if s not in out:
            out.append(s)
    return out


def upgrade_targets(spec):
    all_ids = [r["id"] for r in spec]
    all_ids = all_ids if len(all_ids) <= 8 else all_ids[::2]
    labels = sorted({l for r in spec for l in r["labels"]})
    out = ["heads", "head", "+1", "+2", "-1"] + all_ids
    out += [l + "@head" for l in labels] + [l + "@+1" for l in labels] + [l + "@heads" for l in labels]
    return out


def downgrade_targets(spec):
    all_ids = [r["id"] for r in spec]
    all_ids = all_ids if len(all_ids) <= 8 else all_ids[1::2]
    labels = sorted({l for r in spec for l in r["labels"]})
    out = ["base", "-1", "-2", "+1"] + all_ids
    out += [l + "@base" for l in labels] + [l + "@-1" for l in labels]
    return out


def stamp_targets(spec, rm):
    all_ids = [r["id"] for r in spec]
    all_ids = all_ids if len(all_ids) <= 8 else all_ids[1::2]
    labels = sorted({l for r in spec for l in r["labels"]})
    out = [[i] for i in all_ids] + [["heads"], ["base"], ["head"]]
    out += [[l + "@base"] for l in labels] + [[l + "@head"] for l in labels]
    heads = sorted(rm._real_heads)
    if len(heads) > 1:
        out.append(heads)
    return out


def stamp_comparable(rm, rows, targets):
    """Whether Retort's per-destination, dependency-free row selection picks what Alembic's does here."""
    try:
        head_revs = rm.get_revisions(tuple(rows))
        union = []
        for t in targets:
            for h in rm.filter_for_lineage(head_revs, t, include_dependencies=True):
                if h not in union:
                    union.append(h)
        dests = [d for t in targets for d in rm.get_revisions(t) if d is not None]
        for t in targets:
            if rm.filter_for_lineage(head_revs, t, include_dependencies=True) != rm.filter_for_lineage(
                head_revs, t, include_dependencies=False
            ):
                return False
            for dest in rm.get_revisions(t):
                if dest is None:
                    continue
                own = [h for h in head_revs if rm._shares_lineage(h, [dest])]
                if len(dests) > 1 and own != union:
                    return False
        return True
    except Exception:  # noqa: BLE001
        return False


def shape_cases(name, spec):
    rm = build_map(spec)
    script = Script(rm)
    all_ids = sorted(r["id"] for r in spec)
    structure = {
        "heads": sorted(rm.heads),
        "realHeads": sorted(rm._real_heads),
        "bases": sorted(rm.bases),
        "branchPoints": sorted(r for r in all_ids if rm.get_revision(r).is_branch_point),
        "mergePoints": sorted(r for r in all_ids if rm.get_revision(r).is_merge_point),
        "revisions": {
            r: {
                "labels": sorted(rm.get_revision(r).branch_labels),
                "dependencies": sorted(rm.get_revision(r)._resolved_dependencies),
                "children": sorted(rm.get_revision(r).nextrev),
            }
            for r in all_ids
        },
    }

    resolve = []
    for ident in idents_for(spec, rm):
        if "+" in ident or ("-" in ident and "@-" not in ident):
            res = attempt(lambda: ids(rm._parse_upgrade_target((), ident, True)))
        else:
            res = attempt(lambda: ids(rm.get_revisions(ident)))
        resolve.append({"ident": ident, **res})

    rows_list = row_sets(spec, rm)
    labels = sorted({l for r in spec for l in r["labels"]})

    relative = []
    for rows in rows_list:
        steps = ["+1", "+2", "-1", "-2"] if len(all_ids) <= 8 else ["+1", "-1"]
        for ident in steps + [l + "@+1" for l in labels]:
            if ident.lstrip("+-").isdigit() and ident.startswith("-"):
                fn = lambda: ids([rm._parse_downgrade_target(tuple(rows), ident, True)[1]])  # noqa: E731
            else:
                fn = lambda: ids(rm._parse_upgrade_target(tuple(rows), ident, True))  # noqa: E731
            relative.append({"current": rows, "ident": ident, **attempt(fn)})

    history = []
    some_ids = all_ids if len(all_ids) <= 8 else all_ids[::2]
    starts = [None] + some_ids + [l + "@base" for l in labels]
    ends = [None] + all_ids + [l + "@head" for l in labels] + ["head-1"]
    for s in starts:
        for e in ends:
            fn = lambda: [x.revision for x in rm.iterate_revisions(e or "heads", s or "base", inclusive=True, assert_relative_length=False)]  # noqa: E731
            history.append({"start": s, "end": e, **attempt(fn)})
    for rows in rows_list:
        for s, e in [("current", None), (None, "current")]:
            lower = tuple(rows) if s == "current" else "base"
            upper = tuple(rows) if e == "current" else "heads"
            fn = lambda: [x.revision for x in rm.iterate_revisions(upper, lower, inclusive=True, assert_relative_length=False)]  # noqa: E731
            history.append({"start": s, "end": e, "current": rows, **attempt(fn)})

    upgrade = []
    downgrade = []
    stamp = []
    for rows in rows_list:
        for target in upgrade_targets(spec):
            fn = lambda: run_steps(script._upgrade_revs(target, tuple(rows)), rows)  # noqa: E731
            upgrade.append({"current": rows, "target": target, **attempt(fn)})
        for target in downgrade_targets(spec):
            fn = lambda: run_steps(script._downgrade_revs(target, tuple(rows)), rows)  # noqa: E731
            downgrade.append({"current": rows, "target": target, **attempt(fn)})
        for targets in stamp_targets(spec, rm):
            fn = lambda: run_steps(script._stamp_revs(tuple(targets), tuple(rows)), rows)  # noqa: E731
            stamp.append(
                {"current": rows, "targets": targets, "comparable": stamp_comparable(rm, rows, targets), **attempt(fn)}
            )

    current = []
    for rows in rows_list:
        current.append({"rows": rows, **attempt(lambda: sorted(r.revision for r in rm._get_all_current(tuple(rows))))})

    return {
        "name": name,
        "revisions": spec,
        "structure": structure,
        "resolve": resolve,
        "relative": relative,
        "history": history,
        "upgrade": upgrade,
        "downgrade": downgrade,
        "stamp": stamp,
        "current": current,
    }


def main():
    cases = {"alembic": alembic.__version__, "shapes": [shape_cases(n, s) for n, s in SHAPES.items()]}
    with open(OUT, "w") as f:
        json.dump(cases, f, separators=(",", ":"), sort_keys=False)
        f.write("\n")
    print("wrote", OUT, os.path.getsize(OUT), "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
