import { z } from 'zod'
import { queryInt } from './common'
import { matching, oneOf } from './formats'

/** Host names as Auth0's document writes them (labels of letters, digits and inner hyphens, dot-separated). */
export const HOST_NAME = /^(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])$/

const Domain = (description: string) => matching(z.string().min(3).max(255), HOST_NAME).describe(description)

export const DOMAIN_STATUSES = ['pending', 'verified'] as const
const Status = oneOf(DOMAIN_STATUSES).describe('Whether the domain is verified: pending (the default) or verified.')
const UseForDiscovery = z
  .boolean()
  .describe('Whether login uses this domain to find the organization of a user from their email. Default: true.')

export const DiscoveryDomainCreate = z.strictObject({
  domain: Domain('The email domain, a host name; compared case-insensitively and kept in lower case.'),
  status: Status.optional(),
  use_for_organization_discovery: UseForDiscovery.optional(),
})
export type DiscoveryDomainCreate = z.infer<typeof DiscoveryDomainCreate>

export const DiscoveryDomainUpdate = z.strictObject({
  status: Status.optional(),
  use_for_organization_discovery: UseForDiscovery.optional(),
})
export type DiscoveryDomainUpdate = z.infer<typeof DiscoveryDomainUpdate>

export const DiscoveryDomainsPath = z.object({ id: z.string().min(1).describe('ID of the organization.') })

export const DiscoveryDomainPath = DiscoveryDomainsPath.extend({
  discovery_domain_id: z.string().min(1).describe('ID of the discovery domain.'),
})

export const DiscoveryDomainNamePath = DiscoveryDomainsPath.extend({
  discovery_domain: Domain('The domain name of the discovery domain.'),
})

export const DiscoveryDomainListQuery = z.object({
  from: z.string().describe('Optional Id from which to start selection.').optional(),
  take: queryInt('Number of results per page. Defaults to 50.', 1, 100).optional(),
})
export type DiscoveryDomainListQuery = z.infer<typeof DiscoveryDomainListQuery>

/** Auth0's item, in the recorded key order. */
export interface DiscoveryDomain {
  id: string
  domain: string
  status: (typeof DOMAIN_STATUSES)[number]
  verification_host: string
  verification_txt: string
  use_for_organization_discovery: boolean
}
