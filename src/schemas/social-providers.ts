/** Social identity providers: Auth0 marks their identities `isSocial: true`. */
export const SOCIAL = new Set([
  'amazon', 'apple', 'baidu', 'bitbucket', 'bitly', 'box', 'daccount', 'dropbox', 'dwolla', 'evernote', 'evernote-sandbox',
  'exact', 'facebook', 'fitbit', 'github', 'google-oauth2', 'instagram', 'line', 'linkedin', 'oauth1', 'oauth2', 'paypal',
  'paypal-sandbox', 'planningcenter', 'salesforce', 'salesforce-community', 'salesforce-sandbox', 'shop', 'shopify',
  'soundcloud', 'thirtysevensignals', 'twitter', 'untappd', 'vkontakte', 'weibo', 'windowslive', 'wordpress', 'yahoo', 'yandex',
])
