const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

export const formatCents = (cents: number) => money.format(cents / 100);
export const formatDate = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : "—");
