-- Whether a member is a clinician, for rules whose quorum needs clinical members present.
alter table memberships add column clinician boolean not null default false;
