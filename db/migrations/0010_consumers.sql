CREATE TABLE `consumer_scans` (
	`application_id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`scanned_at` integer NOT NULL,
	`organizations` text NOT NULL,
	`consumers` text NOT NULL,
	`unreadable` text NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `consumer_scans_tenant` ON `consumer_scans` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `watched_organizations` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`organizations` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
