-- A recommendation that travels up (issue 16). An agenda item of the parent body names the recommendation it
-- considers: the item, not each motion on it, because the secretariat sets the agenda before any motion is
-- proposed, and every motion on the item (amended, or put again) considers the same recommendation.
alter table agenda_items add column considers_decision_id uuid references decisions (id);

-- The decision reached on such an item takes the earlier one up; following these links back gives the whole path.
alter table decisions add column takes_up_decision_id uuid references decisions (id);
create index decisions_takes_up on decisions (takes_up_decision_id);
