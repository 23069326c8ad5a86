import { z } from 'zod'

/** Every message on the JOBS queue. Bodies are validated on the way out of the queue, never trusted. */
export const OrganizationCleanupJob = z.object({
  type: z.literal('organization.cleanup'),
  cleanupId: z.string().min(1),
  orgId: z.string().min(1),
})

export const Job = z.discriminatedUnion('type', [OrganizationCleanupJob])
export type Job = z.infer<typeof Job>
export type OrganizationCleanupJob = z.infer<typeof OrganizationCleanupJob>
