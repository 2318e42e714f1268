CREATE TABLE `credential_snapshots` (
	`application_id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`owned` integer NOT NULL,
	`credentials` text NOT NULL,
	`latest_expiry` integer,
	`taken_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `credential_snapshots_tenant_expiry` ON `credential_snapshots` (`tenant_id`,`latest_expiry`);