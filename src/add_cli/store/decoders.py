"""The decoders of `codec.PRECOMPILED`, made by `python -m add_cli.store.codegen`.

Do not edit: tests/test_decoders.py fails when this differs from what `codegen` makes.
"""
# ruff: noqa
# mypy: ignore-errors
# fmt: off

from datetime import date as _date
import add_cli.core.model

from add_cli.store.precompiled import bad as _bad

new = object.__new__
set_dict = object.__setattr__
bad = _bad
day = _date.fromordinal
C_Plan = add_cli.core.model.Plan
S_str = frozenset((str, ))
X_Plan__by_id = dict
X_Plan__entries = dict
C_Ncdd = add_cli.core.model.Ncdd
C_WorkingGroupBox = add_cli.core.model.WorkingGroupBox
C_NcddGroup = add_cli.core.model.NcddGroup
L_14 = frozenset(('projectgroep', 'werkgroep', ))
C_Report = add_cli.core.model.Report
C_ProgressEntry = add_cli.core.model.ProgressEntry
E_State = {m.value: m for m in add_cli.core.model.State}
C_Source = add_cli.core.model.Source
C_Correction = add_cli.core.model.Correction
C_Quarter = add_cli.core.model.Quarter
M_Quarter = {}
C_Department = add_cli.core.model.Department
C_Action = add_cli.core.model.Action
C_Body = add_cli.core.model.Body
C_Cells = add_cli.core.model.Cells
C_Period = add_cli.core.model.Period
M_Period = {}
L_28 = frozenset(('none', 'quarter', 'started', ))
L_29 = frozenset(('none', 'ongoing', 'quarter', ))
C_ActionLine = add_cli.core.model.ActionLine
C_SubLine = add_cli.core.model.SubLine
L_33 = frozenset(('error', 'warning', ))
MEMOS = (M_Quarter, M_Period, )

def I_16(x):
    if x.__class__ is not tuple or len(x) != 2:
        raise bad(x, 'Report.feedback')
    x_0, x_1, = x
    if x_0.__class__ is not str:
        raise bad(x_0, 'Report.feedback')
    if x_1.__class__ is not tuple:
        raise bad(x_1, 'Report.feedback')
    for x in x_1:
        if x.__class__ is not str:
            raise bad(x, 'Report.feedback')
    x = (x_0, x_1,)
    return x
def decode_root_0(v):
    if v.__class__ is not tuple or len(v) != 2:
        raise bad(v, 'value')
    v_0, v_1, = v
    if v_0.__class__ is not str:
        raise bad(v_0, 'value')
    if v_1.__class__ is not tuple:
        raise bad(v_1, 'value')
    if v_1:
        v_1 = tuple(map(decode_Finding, v_1))
    v = (v_0, v_1,)
    return v
def decode_root_1(v):
    if v.__class__ is not tuple:
        raise bad(v, 'value')
    if v:
        v = tuple(map(decode_Department, v))
    return v
def decode_root_2(v):
    if v is not None:
        v = decode_Plan(v)
    return v
def decode_Plan(v):
    f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f1.__class__ is not tuple or f2.__class__ is not tuple or f3.__class__ is not tuple or f4.__class__ is not tuple or f5.__class__ is not tuple or f7.__class__ is not str or f8.__class__ is not str or f9.__class__ is not tuple or not S_str.issuperset(map(type, f9)) or (f10 is not None and f10.__class__ is not str):
        raise bad(v, 'Plan')
    f1 = tuple(map(decode_ActionLine, f1)) if f1 else ()
    f2 = tuple(map(decode_Action, f2)) if f2 else ()
    f3 = tuple(map(decode_Department, f3)) if f3 else ()
    f4 = tuple(map(decode_ProgressEntry, f4)) if f4 else ()
    f5 = tuple(map(decode_Report, f5)) if f5 else ()
    f6 = None if f6 is None else decode_Ncdd(f6)
    o = new(C_Plan)
    set_dict(o, '__dict__', {'title': f0, 'lines': f1, 'actions': f2, 'departments': f3, 'progress': f4, 'reports': f5, 'ncdd': f6, 'id': f7, 'annex_title': f8, 'annex_headings': f9, 'predecessor': f10, '_by_id': X_Plan__by_id(), '_entries': X_Plan__entries()})
    o.__post_init__()
    return o
def decode_Ncdd(v):
    f0, f1, f2, f3, f4, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f1.__class__ is not tuple or not S_str.issuperset(map(type, f1)) or f2.__class__ is not tuple or not S_str.issuperset(map(type, f2)) or f3.__class__ is not tuple or f4.__class__ is not tuple:
        raise bad(v, 'Ncdd')
    f3 = tuple(map(decode_NcddGroup, f3)) if f3 else ()
    f4 = tuple(map(decode_WorkingGroupBox, f4)) if f4 else ()
    o = new(C_Ncdd)
    set_dict(o, '__dict__', {'name': f0, 'about': f1, 'members': f2, 'groups': f3, 'boxes': f4})
    return o
def decode_WorkingGroupBox(v):
    f0, f1, f2, f3, f4, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f1.__class__ is not str or f2.__class__ is not str or f3.__class__ is not str or f4.__class__ is not str:
        raise bad(v, 'WorkingGroupBox')
    o = new(C_WorkingGroupBox)
    set_dict(o, '__dict__', {'name': f0, 'subline': f1, 'description': f2, 'start': f3, 'kind': f4})
    return o
def decode_NcddGroup(v):
    f0, f1, f2, f3, f4, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f1.__class__ is not str or f1 not in L_14 or f2.__class__ is not str or f3.__class__ is not str or (f4 is not None and f4.__class__ is not str):
        raise bad(v, 'NcddGroup')
    o = new(C_NcddGroup)
    set_dict(o, '__dict__', {'name': f0, 'kind': f1, 'programme_line': f2, 'description': f3, 'funding': f4})
    return o
def decode_Report(v):
    f0, f1, f2, f3, f4, f5, f6, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f1.__class__ is not int or f2.__class__ is not str or f3.__class__ is not tuple or not S_str.issuperset(map(type, f3)) or f6.__class__ is not tuple or not S_str.issuperset(map(type, f6)):
        raise bad(v, 'Report')
    f1 = day(f1)
    if f4.__class__ is not tuple:
        raise bad(f4, 'Report.feedback')
    f4 = tuple(map(I_16, f4))
    if f5 is not None:
        if f5.__class__ is not int:
            raise bad(f5, 'Report.due')
        f5 = day(f5)
    o = new(C_Report)
    set_dict(o, '__dict__', {'title': f0, 'date': f1, 'path': f2, 'introduction': f3, 'feedback': f4, 'due': f5, 'asked': f6})
    return o
def decode_ProgressEntry(v):
    f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f1.__class__ is not int or f2.__class__ is not str or (f5 is not None and f5.__class__ is not str) or (f6 is not None and f6.__class__ is not str) or f7.__class__ is not tuple or (f9 is not None and f9.__class__ is not str) or (f10 is not None and f10.__class__ is not str) or (f11 is not None and f11.__class__ is not str):
        raise bad(v, 'ProgressEntry')
    f1 = day(f1)
    f3 = E_State[f3]
    f4 = None if f4 is None else decode_Quarter(f4)
    f7 = tuple(map(decode_Correction, f7)) if f7 else ()
    f8 = None if f8 is None else decode_Source(f8)
    o = new(C_ProgressEntry)
    set_dict(o, '__dict__', {'action': f0, 'date': f1, 'text': f2, 'state': f3, 'expected': f4, 'label': f5, 'report': f6, 'corrections': f7, 'source': f8, 'report_path': f9, 'reported_by': f10, 'source_file': f11})
    return o
def decode_Source(v):
    f0, f1, f2, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f1.__class__ is not int or f2.__class__ is not int:
        raise bad(v, 'Source')
    o = new(C_Source)
    set_dict(o, '__dict__', {'path': f0, 'line': f1, 'col': f2})
    return o
def decode_Correction(v):
    f0, f1, f2, f3, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f1.__class__ is not str or f2.__class__ is not str or f3.__class__ is not str:
        raise bad(v, 'Correction')
    o = new(C_Correction)
    set_dict(o, '__dict__', {'field': f0, 'printed': f1, 'corrected': f2, 'reason': f3})
    return o
def decode_Quarter(v):
    o = M_Quarter.get(id(v))
    if o is not None:
        return o[1]
    f0, f1, = v
    if v.__class__ is not tuple or f0.__class__ is not int or f1.__class__ is not int:
        raise bad(v, 'Quarter')
    o = new(C_Quarter)
    set_dict(o, '__dict__', {'year': f0, 'q': f1})
    M_Quarter[id(v)] = (v, o)
    return o
def decode_Department(v):
    f0, f1, f2, f3, f4, f5, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f1.__class__ is not str or f2.__class__ is not str or f3.__class__ is not tuple or not S_str.issuperset(map(type, f3)) or (f4 is not None and f4.__class__ is not str) or (f5 is not None and f5.__class__ is not str):
        raise bad(v, 'Department')
    o = new(C_Department)
    set_dict(o, '__dict__', {'code': f0, 'name': f1, 'kind': f2, 'aliases': f3, 'successor': f4, 'note': f5})
    return o
def decode_Action(v):
    f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f1.__class__ is not str or f2.__class__ is not str or (f3 is not None and f3.__class__ is not str) or f6.__class__ is not tuple or not S_str.issuperset(map(type, f6)) or f7.__class__ is not tuple or (f9 is not None and f9.__class__ is not str):
        raise bad(v, 'Action')
    f4 = decode_Cells(f4)
    f5 = decode_Body(f5)
    f7 = tuple(map(decode_Correction, f7)) if f7 else ()
    f8 = None if f8 is None else decode_Source(f8)
    o = new(C_Action)
    set_dict(o, '__dict__', {'id': f0, 'label': f1, 'line': f2, 'subline': f3, 'annex': f4, 'body': f5, 'references': f6, 'corrections': f7, 'source': f8, 'continues': f9})
    return o
def decode_Body(v):
    f0, f1, f2, f3, f4, f5, = v
    if v.__class__ is not tuple or (f1 is not None and f1.__class__ is not str) or f2.__class__ is not tuple or not S_str.issuperset(map(type, f2)) or f3.__class__ is not tuple or not S_str.issuperset(map(type, f3)) or f4.__class__ is not bool or (f5 is not None and f5.__class__ is not str):
        raise bad(v, 'Body')
    f0 = decode_Cells(f0)
    o = new(C_Body)
    set_dict(o, '__dict__', {'cells': f0, 'category': f1, 'what': f2, 'success': f3, 'success_is_list': f4, 'subtitle': f5})
    return o
def decode_Cells(v):
    f0, f1, f2, f3, f4, f5, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f1.__class__ is not str or f3.__class__ is not str or f4.__class__ is not tuple or not S_str.issuperset(map(type, f4)) or f5.__class__ is not tuple or not S_str.issuperset(map(type, f5)):
        raise bad(v, 'Cells')
    f2 = decode_Period(f2)
    o = new(C_Cells)
    set_dict(o, '__dict__', {'title': f0, 'departments': f1, 'period': f2, 'lead': f3, 'partners': f4, 'others': f5})
    return o
def decode_Period(v):
    o = M_Period.get(id(v))
    if o is not None:
        return o[1]
    f0, f1, f2, f3, f4, f5, f6, f7, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f3.__class__ is not str or f3 not in L_28 or f4.__class__ is not str or f4 not in L_29 or f5.__class__ is not bool or f6.__class__ is not tuple or not S_str.issuperset(map(type, f6)) or f7.__class__ is not tuple or not S_str.issuperset(map(type, f7)):
        raise bad(v, 'Period')
    f1 = None if f1 is None else decode_Quarter(f1)
    f2 = None if f2 is None else decode_Quarter(f2)
    o = new(C_Period)
    set_dict(o, '__dict__', {'raw': f0, 'start': f1, 'end': f2, 'start_kind': f3, 'end_kind': f4, 'planned': f5, 'warnings': f6, 'errors': f7})
    M_Period[id(v)] = (v, o)
    return o
def decode_ActionLine(v):
    f0, f1, f2, f3, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f1.__class__ is not str or f2.__class__ is not str or f3.__class__ is not tuple:
        raise bad(v, 'ActionLine')
    f3 = tuple(map(decode_SubLine, f3)) if f3 else ()
    o = new(C_ActionLine)
    set_dict(o, '__dict__', {'id': f0, 'title': f1, 'annex_heading': f2, 'sublines': f3})
    return o
def decode_SubLine(v):
    f0, f1, f2, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f1.__class__ is not str or f2.__class__ is not str:
        raise bad(v, 'SubLine')
    o = new(C_SubLine)
    set_dict(o, '__dict__', {'id': f0, 'line': f1, 'title': f2})
    return o
def decode_Finding(v):
    from add_cli.core.findings import Finding as C_Finding
    f0, f1, f2, f3, f4, f5, f6, f7, f8, = v
    if v.__class__ is not tuple or f0.__class__ is not str or f1.__class__ is not int or f2.__class__ is not int or f3.__class__ is not str or f3 not in L_33 or f4.__class__ is not str or f5.__class__ is not str or (f6 is not None and f6.__class__ is not str) or (f7 is not None and f7.__class__ is not str) or f8.__class__ is not str:
        raise bad(v, 'Finding')
    o = new(C_Finding)
    set_dict(o, '__dict__', {'path': f0, 'line': f1, 'col': f2, 'severity': f3, 'code': f4, 'message': f5, 'action': f6, 'sheet': f7, 'root': f8})
    return o

ROOTS = (decode_root_0, decode_root_1, decode_root_2,)
