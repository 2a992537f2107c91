"""The cache's writers, made by `python -m add_cli.store.codegen`.

Do not edit: tests/test_encoders.py fails when this differs from what `codegen` makes.
`encode_<Class>(o)` is `codec._plain(o)` for an instance of that class, in straight-line
code: a field of the type its annotation says is written in place, anything else goes
to the generic walk `P`. `codec.encode` sets S (the shared strings' `setdefault`), P,
and K (the plain form of each instance of `codec.SHARED` written so far, by identity).
"""
# ruff: noqa
# mypy: ignore-errors
# fmt: off

from datetime import date
import add_cli.core.findings
import add_cli.core.model

S = P = None
K = {}
C_Plan = add_cli.core.model.Plan
STR = frozenset((str, ))
C_ActionLine = add_cli.core.model.ActionLine
C_SubLine = add_cli.core.model.SubLine
C_Action = add_cli.core.model.Action
C_Cells = add_cli.core.model.Cells
C_Body = add_cli.core.model.Body
C_Period = add_cli.core.model.Period
C_Quarter = add_cli.core.model.Quarter
C_Correction = add_cli.core.model.Correction
C_Source = add_cli.core.model.Source
C_Department = add_cli.core.model.Department
C_ProgressEntry = add_cli.core.model.ProgressEntry
E_State = add_cli.core.model.State
C_Report = add_cli.core.model.Report
C_Ncdd = add_cli.core.model.Ncdd
C_NcddGroup = add_cli.core.model.NcddGroup
C_WorkingGroupBox = add_cli.core.model.WorkingGroupBox
C_Finding = add_cli.core.findings.Finding

def encode_Plan(o):
    if o.__class__ is not C_Plan:
        return P(o)
    v0 = o.title
    v1 = o.lines
    v2 = o.actions
    v3 = o.departments
    v4 = o.progress
    v5 = o.reports
    v6 = o.ncdd
    v7 = o.id
    v8 = o.annex_title
    v9 = o.annex_headings
    v10 = o.predecessor
    return (
        S(v0, v0) if v0.__class__ is str else P(v0),
        (tuple(map(encode_ActionLine, v1)) if v1 else ()) if v1.__class__ is tuple else P(v1),
        (tuple(map(encode_Action, v2)) if v2 else ()) if v2.__class__ is tuple else P(v2),
        (tuple(map(encode_Department, v3)) if v3 else ()) if v3.__class__ is tuple else P(v3),
        (tuple(map(encode_ProgressEntry, v4)) if v4 else ()) if v4.__class__ is tuple else P(v4),
        (tuple(map(encode_Report, v5)) if v5 else ()) if v5.__class__ is tuple else P(v5),
        None if v6 is None else (encode_Ncdd(v6)),
        S(v7, v7) if v7.__class__ is str else P(v7),
        S(v8, v8) if v8.__class__ is str else P(v8),
        (v9 if not v9 else tuple(map(S, v9, v9)) if STR.issuperset(map(type, v9)) else tuple([S(x, x) if x.__class__ is str else P(x) for x in v9])) if v9.__class__ is tuple else P(v9),
        None if v10 is None else (S(v10, v10) if v10.__class__ is str else P(v10)),
    )
def encode_ActionLine(o):
    if o.__class__ is not C_ActionLine:
        return P(o)
    v0 = o.id
    v1 = o.title
    v2 = o.annex_heading
    v3 = o.sublines
    return (
        S(v0, v0) if v0.__class__ is str else P(v0),
        S(v1, v1) if v1.__class__ is str else P(v1),
        S(v2, v2) if v2.__class__ is str else P(v2),
        (tuple(map(encode_SubLine, v3)) if v3 else ()) if v3.__class__ is tuple else P(v3),
    )
def encode_SubLine(o):
    if o.__class__ is not C_SubLine:
        return P(o)
    v0 = o.id
    v1 = o.line
    v2 = o.title
    return (
        S(v0, v0) if v0.__class__ is str else P(v0),
        S(v1, v1) if v1.__class__ is str else P(v1),
        S(v2, v2) if v2.__class__ is str else P(v2),
    )
def encode_Action(o):
    if o.__class__ is not C_Action:
        return P(o)
    v0 = o.id
    v1 = o.label
    v2 = o.line
    v3 = o.subline
    v4 = o.annex
    v5 = o.body
    v6 = o.references
    v7 = o.corrections
    v8 = o.source
    v9 = o.continues
    return (
        S(v0, v0) if v0.__class__ is str else P(v0),
        S(v1, v1) if v1.__class__ is str else P(v1),
        S(v2, v2) if v2.__class__ is str else P(v2),
        None if v3 is None else (S(v3, v3) if v3.__class__ is str else P(v3)),
        encode_Cells(v4),
        encode_Body(v5),
        (v6 if not v6 else tuple(map(S, v6, v6)) if STR.issuperset(map(type, v6)) else tuple([S(x, x) if x.__class__ is str else P(x) for x in v6])) if v6.__class__ is tuple else P(v6),
        (tuple(map(encode_Correction, v7)) if v7 else ()) if v7.__class__ is tuple else P(v7),
        None if v8 is None else (encode_Source(v8)),
        None if v9 is None else (S(v9, v9) if v9.__class__ is str else P(v9)),
    )
def encode_Cells(o):
    if o.__class__ is not C_Cells:
        return P(o)
    v0 = o.title
    v1 = o.departments
    v2 = o.period
    v3 = o.lead
    v4 = o.partners
    v5 = o.others
    return (
        S(v0, v0) if v0.__class__ is str else P(v0),
        S(v1, v1) if v1.__class__ is str else P(v1),
        K.get(id(v2)) or encode_Period(v2),
        S(v3, v3) if v3.__class__ is str else P(v3),
        (v4 if not v4 else tuple(map(S, v4, v4)) if STR.issuperset(map(type, v4)) else tuple([S(x, x) if x.__class__ is str else P(x) for x in v4])) if v4.__class__ is tuple else P(v4),
        (v5 if not v5 else tuple(map(S, v5, v5)) if STR.issuperset(map(type, v5)) else tuple([S(x, x) if x.__class__ is str else P(x) for x in v5])) if v5.__class__ is tuple else P(v5),
    )
def encode_Body(o):
    if o.__class__ is not C_Body:
        return P(o)
    v0 = o.cells
    v1 = o.category
    v2 = o.what
    v3 = o.success
    v4 = o.success_is_list
    v5 = o.subtitle
    return (
        encode_Cells(v0),
        None if v1 is None else (S(v1, v1) if v1.__class__ is str else P(v1)),
        (v2 if not v2 else tuple(map(S, v2, v2)) if STR.issuperset(map(type, v2)) else tuple([S(x, x) if x.__class__ is str else P(x) for x in v2])) if v2.__class__ is tuple else P(v2),
        (v3 if not v3 else tuple(map(S, v3, v3)) if STR.issuperset(map(type, v3)) else tuple([S(x, x) if x.__class__ is str else P(x) for x in v3])) if v3.__class__ is tuple else P(v3),
        v4 if v4.__class__ is bool else P(v4),
        None if v5 is None else (S(v5, v5) if v5.__class__ is str else P(v5)),
    )
def encode_Period(o):
    r = K.get(id(o))
    if r is not None:
        return r
    if o.__class__ is not C_Period:
        return P(o)
    v0 = o.raw
    v1 = o.start
    v2 = o.end
    v3 = o.start_kind
    v4 = o.end_kind
    v5 = o.planned
    v6 = o.warnings
    v7 = o.errors
    r = K[id(o)] = (
        S(v0, v0) if v0.__class__ is str else P(v0),
        None if v1 is None else (K.get(id(v1)) or encode_Quarter(v1)),
        None if v2 is None else (K.get(id(v2)) or encode_Quarter(v2)),
        S(v3, v3) if v3.__class__ is str else P(v3),
        S(v4, v4) if v4.__class__ is str else P(v4),
        v5 if v5.__class__ is bool else P(v5),
        (v6 if not v6 else tuple(map(S, v6, v6)) if STR.issuperset(map(type, v6)) else tuple([S(x, x) if x.__class__ is str else P(x) for x in v6])) if v6.__class__ is tuple else P(v6),
        (v7 if not v7 else tuple(map(S, v7, v7)) if STR.issuperset(map(type, v7)) else tuple([S(x, x) if x.__class__ is str else P(x) for x in v7])) if v7.__class__ is tuple else P(v7),
    )
    return r
def encode_Quarter(o):
    r = K.get(id(o))
    if r is not None:
        return r
    if o.__class__ is not C_Quarter:
        return P(o)
    v0 = o.year
    v1 = o.q
    r = K[id(o)] = (
        v0 if v0.__class__ is int else P(v0),
        v1 if v1.__class__ is int else P(v1),
    )
    return r
def encode_Correction(o):
    if o.__class__ is not C_Correction:
        return P(o)
    v0 = o.field
    v1 = o.printed
    v2 = o.corrected
    v3 = o.reason
    return (
        S(v0, v0) if v0.__class__ is str else P(v0),
        S(v1, v1) if v1.__class__ is str else P(v1),
        S(v2, v2) if v2.__class__ is str else P(v2),
        S(v3, v3) if v3.__class__ is str else P(v3),
    )
def encode_Source(o):
    if o.__class__ is not C_Source:
        return P(o)
    v0 = o.path
    v1 = o.line
    v2 = o.col
    return (
        S(v0, v0) if v0.__class__ is str else P(v0),
        v1 if v1.__class__ is int else P(v1),
        v2 if v2.__class__ is int else P(v2),
    )
def encode_Department(o):
    if o.__class__ is not C_Department:
        return P(o)
    v0 = o.code
    v1 = o.name
    v2 = o.kind
    v3 = o.aliases
    v4 = o.successor
    v5 = o.note
    return (
        S(v0, v0) if v0.__class__ is str else P(v0),
        S(v1, v1) if v1.__class__ is str else P(v1),
        S(v2, v2) if v2.__class__ is str else P(v2),
        (v3 if not v3 else tuple(map(S, v3, v3)) if STR.issuperset(map(type, v3)) else tuple([S(x, x) if x.__class__ is str else P(x) for x in v3])) if v3.__class__ is tuple else P(v3),
        None if v4 is None else (S(v4, v4) if v4.__class__ is str else P(v4)),
        None if v5 is None else (S(v5, v5) if v5.__class__ is str else P(v5)),
    )
def encode_ProgressEntry(o):
    if o.__class__ is not C_ProgressEntry:
        return P(o)
    v0 = o.action
    v1 = o.date
    v2 = o.text
    v3 = o.state
    v4 = o.expected
    v5 = o.label
    v6 = o.report
    v7 = o.corrections
    v8 = o.source
    v9 = o.report_path
    v10 = o.reported_by
    v11 = o.source_file
    return (
        S(v0, v0) if v0.__class__ is str else P(v0),
        v1.toordinal() if v1.__class__ is date else P(v1),
        S(v2, v2) if v2.__class__ is str else P(v2),
        v3._value_ if v3.__class__ is E_State else P(v3),
        None if v4 is None else (K.get(id(v4)) or encode_Quarter(v4)),
        None if v5 is None else (S(v5, v5) if v5.__class__ is str else P(v5)),
        None if v6 is None else (S(v6, v6) if v6.__class__ is str else P(v6)),
        (tuple(map(encode_Correction, v7)) if v7 else ()) if v7.__class__ is tuple else P(v7),
        None if v8 is None else (encode_Source(v8)),
        None if v9 is None else (S(v9, v9) if v9.__class__ is str else P(v9)),
        None if v10 is None else (S(v10, v10) if v10.__class__ is str else P(v10)),
        None if v11 is None else (S(v11, v11) if v11.__class__ is str else P(v11)),
    )
def encode_Report(o):
    if o.__class__ is not C_Report:
        return P(o)
    v0 = o.title
    v1 = o.date
    v2 = o.path
    v3 = o.introduction
    v4 = o.feedback
    v5 = o.due
    v6 = o.asked
    return (
        S(v0, v0) if v0.__class__ is str else P(v0),
        v1.toordinal() if v1.__class__ is date else P(v1),
        S(v2, v2) if v2.__class__ is str else P(v2),
        (v3 if not v3 else tuple(map(S, v3, v3)) if STR.issuperset(map(type, v3)) else tuple([S(x, x) if x.__class__ is str else P(x) for x in v3])) if v3.__class__ is tuple else P(v3),
        tuple([P(x) for x in v4]) if v4.__class__ is tuple else P(v4),
        None if v5 is None else (v5.toordinal() if v5.__class__ is date else P(v5)),
        (v6 if not v6 else tuple(map(S, v6, v6)) if STR.issuperset(map(type, v6)) else tuple([S(x, x) if x.__class__ is str else P(x) for x in v6])) if v6.__class__ is tuple else P(v6),
    )
def encode_Ncdd(o):
    if o.__class__ is not C_Ncdd:
        return P(o)
    v0 = o.name
    v1 = o.about
    v2 = o.members
    v3 = o.groups
    v4 = o.boxes
    return (
        S(v0, v0) if v0.__class__ is str else P(v0),
        (v1 if not v1 else tuple(map(S, v1, v1)) if STR.issuperset(map(type, v1)) else tuple([S(x, x) if x.__class__ is str else P(x) for x in v1])) if v1.__class__ is tuple else P(v1),
        (v2 if not v2 else tuple(map(S, v2, v2)) if STR.issuperset(map(type, v2)) else tuple([S(x, x) if x.__class__ is str else P(x) for x in v2])) if v2.__class__ is tuple else P(v2),
        (tuple(map(encode_NcddGroup, v3)) if v3 else ()) if v3.__class__ is tuple else P(v3),
        (tuple(map(encode_WorkingGroupBox, v4)) if v4 else ()) if v4.__class__ is tuple else P(v4),
    )
def encode_NcddGroup(o):
    if o.__class__ is not C_NcddGroup:
        return P(o)
    v0 = o.name
    v1 = o.kind
    v2 = o.programme_line
    v3 = o.description
    v4 = o.funding
    return (
        S(v0, v0) if v0.__class__ is str else P(v0),
        S(v1, v1) if v1.__class__ is str else P(v1),
        S(v2, v2) if v2.__class__ is str else P(v2),
        S(v3, v3) if v3.__class__ is str else P(v3),
        None if v4 is None else (S(v4, v4) if v4.__class__ is str else P(v4)),
    )
def encode_WorkingGroupBox(o):
    if o.__class__ is not C_WorkingGroupBox:
        return P(o)
    v0 = o.name
    v1 = o.subline
    v2 = o.description
    v3 = o.start
    v4 = o.kind
    return (
        S(v0, v0) if v0.__class__ is str else P(v0),
        S(v1, v1) if v1.__class__ is str else P(v1),
        S(v2, v2) if v2.__class__ is str else P(v2),
        S(v3, v3) if v3.__class__ is str else P(v3),
        S(v4, v4) if v4.__class__ is str else P(v4),
    )
def encode_Finding(o):
    if o.__class__ is not C_Finding:
        return P(o)
    v0 = o.path
    v1 = o.line
    v2 = o.col
    v3 = o.severity
    v4 = o.code
    v5 = o.message
    v6 = o.action
    v7 = o.sheet
    v8 = o.root
    return (
        S(v0, v0) if v0.__class__ is str else P(v0),
        v1 if v1.__class__ is int else P(v1),
        v2 if v2.__class__ is int else P(v2),
        S(v3, v3) if v3.__class__ is str else P(v3),
        S(v4, v4) if v4.__class__ is str else P(v4),
        S(v5, v5) if v5.__class__ is str else P(v5),
        None if v6 is None else (S(v6, v6) if v6.__class__ is str else P(v6)),
        None if v7 is None else (S(v7, v7) if v7.__class__ is str else P(v7)),
        S(v8, v8) if v8.__class__ is str else P(v8),
    )

ENCODERS = {C_Plan: encode_Plan, C_ActionLine: encode_ActionLine, C_SubLine: encode_SubLine, C_Action: encode_Action, C_Cells: encode_Cells, C_Body: encode_Body, C_Period: encode_Period, C_Quarter: encode_Quarter, C_Correction: encode_Correction, C_Source: encode_Source, C_Department: encode_Department, C_ProgressEntry: encode_ProgressEntry, C_Report: encode_Report, C_Ncdd: encode_Ncdd, C_NcddGroup: encode_NcddGroup, C_WorkingGroupBox: encode_WorkingGroupBox, C_Finding: encode_Finding}
