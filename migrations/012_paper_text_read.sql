-- Whether a paper's words have been read for the search (papers.text_content), so that papers uploaded before the
-- search existed are read once, in the background, when the portal starts (paper-text.ts readUnreadPapers). An
-- empty text_content alone cannot say it: an image has no words, and is read once like any other.

-- When its words were read: at upload, or by the background reading; null until then.
alter table papers add column text_read_at timestamptz;
-- When an instance took it to read in the background: another instance leaves it alone for a while, and takes it
-- again if the first stopped before finishing.
alter table papers add column text_claimed_at timestamptz;
update papers set text_read_at = created_at where text_content <> '';
create index papers_text_unread on papers (created_at) where text_read_at is null;
