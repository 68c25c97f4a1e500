-- A run started from a plan of a project's planning board is tagged with that plan: the project
-- and the plan's id (its PLAN file's path inside .planning), so the board can show what each plan
-- and phase has cost. Such a run works in the project's directory, which it keeps in working_dir
-- from the moment it is queued.
ALTER TABLE executions ADD COLUMN plan_project_id TEXT NOT NULL DEFAULT '';
ALTER TABLE executions ADD COLUMN plan_id TEXT NOT NULL DEFAULT '';
CREATE INDEX executions_plan ON executions(plan_project_id, plan_id) WHERE plan_id != '';
