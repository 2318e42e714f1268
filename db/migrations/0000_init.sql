CREATE TABLE `accounts` (
	`user_id` text NOT NULL,
	`type` text NOT NULL,
	`provider` text NOT NULL,
	`provider_account_id` text NOT NULL,
	`access_token_sealed` text,
	`refresh_token_sealed` text,
	`expires_at` integer,
	`scope` text,
	`token_type` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`provider`, `provider_account_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `accounts_user` ON `accounts` (`user_id`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`created_by` text,
	`last_used_at` integer,
	`revoked_at` integer,
	`revoked_by` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE TABLE `application_owners` (
	`application_id` text NOT NULL,
	`owner_oid` text NOT NULL,
	`synced_at` integer NOT NULL,
	PRIMARY KEY(`application_id`, `owner_oid`),
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `applications` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`app_id` text NOT NULL,
	`object_id` text NOT NULL,
	`display_name` text NOT NULL,
	`secret_lifetime_days` integer DEFAULT 180 NOT NULL,
	`rotate_before_days` integer DEFAULT 30 NOT NULL,
	`overlap_hours` integer DEFAULT 24 NOT NULL,
	`schedule_enabled` integer DEFAULT true NOT NULL,
	`devops_enabled` integer DEFAULT false NOT NULL,
	`devops_organization` text,
	`devops_project_id` text,
	`devops_project_name` text,
	`devops_endpoint_id` text,
	`devops_endpoint_name` text,
	`devops_endpoint_type` text,
	`devops_bound_at` integer,
	`devops_bound_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`created_by` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`devops_bound_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `applications_tenant_app` ON `applications` (`tenant_id`,`app_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`detail` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `audit_log_tenant_at` ON `audit_log` (`tenant_id`,`at`);--> statement-breakpoint
CREATE TABLE `rotation_output` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rotation_id` text NOT NULL,
	`at` integer NOT NULL,
	`level` text DEFAULT 'info' NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`rotation_id`) REFERENCES `rotations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `rotation_output_rotation` ON `rotation_output` (`rotation_id`,`id`);--> statement-breakpoint
CREATE TABLE `rotations` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`application_id` text NOT NULL,
	`trigger` text NOT NULL,
	`requested_by` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`new_key_id` text,
	`new_secret_expires_at` integer,
	`old_key_ids` text,
	`failure_reason` text,
	`idempotency_key` text,
	`lease_owner` text,
	`lease_expires_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `rotations_application` ON `rotations` (`application_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `rotations_idempotency` ON `rotations` (`tenant_id`,`idempotency_key`);--> statement-breakpoint
CREATE TABLE `tenant_devops_settings` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`integration_enabled` integer DEFAULT false NOT NULL,
	`use_service_principal` integer DEFAULT true NOT NULL,
	`pat_sealed` text,
	`pat_last4` text,
	`pat_saved_at` integer,
	`pat_saved_by` text,
	`include_home_tenant_orgs` integer DEFAULT false NOT NULL,
	`updated_at` integer,
	`updated_by` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`pat_saved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`oid` text NOT NULL,
	`home_tenant_id` text NOT NULL,
	`email` text,
	`name` text NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`last_sign_in_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_tenant_oid` ON `users` (`tenant_id`,`oid`);