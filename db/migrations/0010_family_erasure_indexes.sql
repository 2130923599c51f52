-- Erasing or exporting one family must not scan every feedback row. (Chat finds a
-- family's messages through its conversations, so the hot message table gets no
-- extra index to maintain on every write.)
create index safety_feedback_family_idx on safety_feedback (family_id);
