CREATE TABLE `notification_channels` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`smtp_host` text,
	`smtp_port` integer,
	`smtp_tls_mode` text,
	`smtp_user` text,
	`mail_from` text,
	`webhook_url` text,
	`webhook_format` text,
	`secret_sealed` text,
	`allow_private_targets` integer DEFAULT false NOT NULL,
	`events` text DEFAULT '[]' NOT NULL,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`last_success_at` integer,
	`last_failure_at` integer,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`created_by` text,
	`updated_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `notification_channels_tenant` ON `notification_channels` (`tenant_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `notification_channels_one_email` ON `notification_channels` (`tenant_id`) WHERE kind = 'email';--> statement-breakpoint
CREATE TABLE `notification_events` (
	`tenant_id` text NOT NULL,
	`type` text NOT NULL,
	`source_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`type`, `source_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notification_events_tenant` ON `notification_events` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `notification_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`recipient` text NOT NULL,
	`event_type` text NOT NULL,
	`dedup_key` text NOT NULL,
	`message` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`delivered_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`channel_id`) REFERENCES `notification_channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_outbox_dedup` ON `notification_outbox` (`channel_id`,`recipient`,`dedup_key`);--> statement-breakpoint
CREATE INDEX `notification_outbox_due` ON `notification_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `notification_outbox_tenant_created` ON `notification_outbox` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `tenant_notification_settings` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`admin_addresses` text DEFAULT '[]' NOT NULL,
	`reminder_days` text DEFAULT '[14,3]' NOT NULL,
	`due_run_summary` integer DEFAULT false NOT NULL,
	`updated_at` integer,
	`updated_by` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
