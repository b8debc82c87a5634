/**
 * Notifications: posting a {@link dev.ferry.notify.Notice} (already rendered in the reader's
 * language) to DingTalk robots and webhooks, signed as each expects, retried, on a thread of its
 * own so nothing waits for it. Uses value types and the JDK's HTTP client only.
 */
package dev.ferry.notify;
