import { ApiError } from '../errors'

/** Auth0's recorded organization 404: no errorCode. Every `/organizations/{id}/...` route answers it. */
export const orgNotFound = () => new ApiError('not_found', 'No organization found by that id or name')

export const userNotFound = () => new ApiError('inexistent_user', 'The user does not exist.')

export const roleNotFound = () => new ApiError('inexistent_role', 'The role does not exist.')
