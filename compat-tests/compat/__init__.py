"""Ember's compatibility suite: every query runs on real Spark 3.5 with Ember off and
on, in one session, and the two answers must be the same.

Modules:
  corpus   -- the .sql corpus files and their annotations
  data     -- the tables the corpus runs on, written deterministically by the suite
  compare  -- how two answers are compared, and how a difference is shown
  runner   -- runs one query both ways, checks native expectations and strict mode
  coverage -- checks that every supported operator and expression ran natively
  fuzz     -- random expressions over random typed data, seeded
  tpch     -- TPC-H scale factor 1 against the reference answers (dbgen)
  report   -- build/compat/report.json and the readable summary
"""
