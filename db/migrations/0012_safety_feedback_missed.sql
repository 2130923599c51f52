-- Safety feedback (issue 12): besides false alarms, reviewers report messages the
-- scanner missed. Each row now carries the label a reviewer gave it ('benign' for
-- a false alarm, a category for a missed message), its self-harm level if any,
-- what kind of report it is, and the chat message it came from. A missed report
-- has no alert behind it. The text stays sealed under the family's data key.

alter table safety_feedback add column kind text not null default 'false_alarm';
alter table safety_feedback add column label text not null default 'benign';
alter table safety_feedback add column level text;
alter table safety_feedback add column message_id text;
-- The reviewer's note on a missed report (it may quote the child): sealed like the text.
alter table safety_feedback add column note_sealed text;
alter table safety_feedback alter column alert_id drop not null;
-- Existing rows are all false alarms (the defaults); they learn their message from the alert.
update safety_feedback set message_id = a.message_id
  from safety_alerts a where a.id = safety_feedback.alert_id;

alter table safety_feedback add constraint safety_feedback_kind_check
  check (kind in ('false_alarm', 'missed'));
alter table safety_feedback add constraint safety_feedback_label_check
  check (label in ('benign', 'self_harm', 'bullying', 'violence', 'sexual', 'grooming',
    'personal_info', 'hate', 'drugs', 'profanity'));
alter table safety_feedback add constraint safety_feedback_level_check
  check (level is null or (label = 'self_harm' and level in ('passive', 'active', 'method', 'intent', 'behaviour')));
-- A false alarm comes from an alert; a missed report names the message instead.
alter table safety_feedback add constraint safety_feedback_source_check
  check ((kind = 'false_alarm' and alert_id is not null and label = 'benign')
    or (kind = 'missed' and message_id is not null and label <> 'benign'));

-- The same message reported missed twice (two reviewers, a double click) is one example.
create unique index safety_feedback_missed_message_idx on safety_feedback (message_id) where kind = 'missed';
