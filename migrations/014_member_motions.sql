-- Members propose motions from the meeting console (issue 11): a motion a member proposes is 'suggested' until the
-- chair accepts it onto the item ('proposed') or declines it ('declined'). Nothing can be decided on a suggested or
-- declined motion: consensus and votes start only from 'proposed' (motion.ts).
alter table motions drop constraint motions_state_check;
alter table motions add constraint motions_state_check
	check (state in ('suggested', 'declined', 'proposed', 'consensus_called', 'voting', 'decided', 'withdrawn', 'deferred'));
