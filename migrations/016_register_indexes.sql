-- Indexes for the pages people wait on (issue 13, scenario 5: 10 bodies, 500 meetings, 5,000 decisions).
-- A meeting's page lists its decisions: without an index on meeting_id each view read every decision.
create index decisions_meeting on decisions (meeting_id);
-- The register across bodies is read newest first a page at a time (decision.registerPage): its order, whole.
create index decisions_decided_at on decisions (decided_at desc, id);
-- Every decision read gathers its events (ratifications, appeals, implementation) by decision.
create index decision_events_decision on decision_events (decision_id, at);
