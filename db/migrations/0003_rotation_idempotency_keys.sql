CREATE TABLE `rotation_idempotency_keys` (
	`tenant_id` text NOT NULL,
	`key` text NOT NULL,
	`rotation_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `key`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rotation_id`) REFERENCES `rotations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `rotation_idempotency_keys_rotation` ON `rotation_idempotency_keys` (`rotation_id`);--> statement-breakpoint
INSERT INTO `rotation_idempotency_keys` (`tenant_id`, `key`, `rotation_id`, `created_at`) SELECT `tenant_id`, `idempotency_key`, `id`, `created_at` FROM `rotations` WHERE `idempotency_key` IS NOT NULL;
