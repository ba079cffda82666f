/** Heroku answered a call with an error status (after any retries). */
export class HerokuApiError extends Error {
  override name = "HerokuApiError";
  readonly status: number;

  constructor(status: number, what: string, body: string) {
    super(`${what} failed with ${status}: ${body.slice(0, 300)}`);
    this.status = status;
  }
}
