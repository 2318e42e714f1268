CREATE TABLE `unmanaged_snapshots` (
	`tenant_id` text NOT NULL,
	`app_id` text NOT NULL,
	`display_name` text NOT NULL,
	`credentials` text NOT NULL,
	`latest_expiry` integer,
	`taken_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `app_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
