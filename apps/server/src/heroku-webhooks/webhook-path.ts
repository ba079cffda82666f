/** Where Heroku delivers a resource's webhooks; each resource has its own secret and URL. */
export const webhookPath = (resourceId: string) => `/heroku/webhooks/${resourceId}`;
