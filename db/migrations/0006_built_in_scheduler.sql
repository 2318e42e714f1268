CREATE TABLE `due_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`trigger` text NOT NULL,
	`requested_by` text NOT NULL,
	`owner` text NOT NULL,
	`started_at` integer NOT NULL,
	`lease_expires_at` integer,
	`finished_at` integer,
	`started` integer DEFAULT 0 NOT NULL,
	`succeeded` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`already_running` integer DEFAULT 0 NOT NULL,
	`not_due` integer DEFAULT 0 NOT NULL,
	`recovered` integer DEFAULT 0 NOT NULL,
	`error` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `due_runs_tenant_started` ON `due_runs` (`tenant_id`,`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `due_runs_one_active` ON `due_runs` (`tenant_id`) WHERE finished_at is null;--> statement-breakpoint
CREATE TABLE `tenant_schedule_settings` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`built_in_enabled` integer DEFAULT true NOT NULL,
	`updated_at` integer,
	`updated_by` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `rotations` ADD `warning` text;