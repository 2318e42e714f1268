ALTER TABLE `rotations` ADD `new_secret_name` text;--> statement-breakpoint
ALTER TABLE `rotations` ADD `old_secrets_remove_after` integer;--> statement-breakpoint
ALTER TABLE `rotations` ADD `old_secrets_removed_at` integer;--> statement-breakpoint
ALTER TABLE `rotations` ADD `started_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `rotations_one_active` ON `rotations` (`application_id`) WHERE state not in ('succeeded', 'failed');