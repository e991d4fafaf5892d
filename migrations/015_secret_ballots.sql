-- Secret ballots (issue 11), where a body's rules of procedure allow them (voting.secretBallotsAllowed): the counts
-- and who voted are recorded, never how anyone voted. While the vote is open each ballot is kept, so a member may
-- change it and it is counted once; when the vote closes the ballots are deleted, and the decision keeps the counts
-- and the voters without their choices (motion.ts closeVote).
alter table motions add column secret boolean not null default false;
