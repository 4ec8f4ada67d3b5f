package io.github.wsem.web;

/**
 * What the server writes into the browser client.
 *
 * @param scriptUrl the path of the classic script
 * @param endpoint the WebSocket endpoint path
 * @param registerEventName the name of the register event
 * @param unregisterEventName the name of the unregister event
 */
public record ClientScriptSettings(String scriptUrl, String endpoint, String registerEventName,
		String unregisterEventName) {
}
