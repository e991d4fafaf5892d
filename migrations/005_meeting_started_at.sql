-- When a meeting actually started: the rules of procedure in force at that moment govern the whole meeting,
-- so rules adopted during a meeting take effect from the next one.
alter table meetings add column started_at timestamptz;
