-- Minutes are a co-edited document (`minutes:<meeting>` in documents/document_updates), generated once from the
-- record of the meeting. Their versions are kept with the other documents' versions; approving them as accurate
-- keeps the approved version, which is what is published. The text column is what minutes were before: read
-- once, when the document is first generated, and no longer written.
alter table document_versions drop constraint document_versions_kind_check;
alter table document_versions add constraint document_versions_kind_check check (kind in ('terms-of-reference', 'priorities', 'raci', 'minutes'));

alter table minutes alter column text set default '';
alter table minutes add column approved_version_id uuid references document_versions (id);
alter table minutes add constraint minutes_approved_version check ((approved_at is null) or (approved_version_id is not null) or (text <> ''));
