-- Comment threads on decisions taken between meetings (migrations/020): a decision reached by a written resolution
-- or a chair's urgent action has no meeting, so a thread on it has none either. A thread on an agenda item, a paper
-- or a motion still belongs to the meeting they are part of; one on a decision needs only the decision (018 already
-- checks that), and carries its meeting when it has one.

-- Migration 018 left the check unnamed, so PostgreSQL named it by position (comment_threads_check9 today): it is
-- found by what it says, the one check of the table on meeting_id, rather than by a name that depends on the order
-- of 018's checks.
do $$
declare
	found record;
begin
	for found in
		select conname from pg_constraint
		where conrelid = 'comment_threads'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%meeting_id IS NOT NULL%'
	loop
		execute format('alter table comment_threads drop constraint %I', found.conname);
	end loop;
end
$$;

alter table comment_threads add constraint comment_threads_meeting_check
	check (anchor_kind not in ('agenda_item', 'paper', 'motion') or meeting_id is not null);

-- A decision's threads are listed on its page, by the decision.
create index comment_threads_decision on comment_threads (decision_id, started_at) where decision_id is not null;
