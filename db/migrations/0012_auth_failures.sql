CREATE TABLE `auth_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bucket` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `auth_failures_bucket_at` ON `auth_failures` (`bucket`,`at`);--> statement-breakpoint
CREATE INDEX `auth_failures_at` ON `auth_failures` (`at`);