package io.github.wsem.web;

import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves the browser client: the classic script at {@code wsem.client-script-url}
 * (default {@code /wsem.js}), the ES module beside it ({@code /wsem.mjs}) and the
 * TypeScript declarations ({@code /wsem.d.ts}). Responses carry an ETag and
 * {@code Cache-Control: no-cache}, so browsers revalidate and get 304 while the script is
 * unchanged.
 */
public final class ClientScriptRoutes {

	private final Map<String, ClientScript> scripts;

	/**
	 * Prepare the scripts.
	 * @param settings what the server writes into them
	 */
	public ClientScriptRoutes(ClientScriptSettings settings) {
		String url = settings.scriptUrl();
		String base = url.endsWith(".js") ? url.substring(0, url.length() - 3) : url;
		this.scripts = Map.of(url, ClientScript.classic(settings), base + ".mjs", ClientScript.module(settings),
				base + ".d.ts", ClientScript.declarations());
	}

	/**
	 * Return the routes, to be exposed as a bean.
	 * @return the router function
	 */
	public RouterFunction<ServerResponse> routerFunction() {
		RouterFunctions.Builder routes = RouterFunctions.route();
		this.scripts.forEach((path, script) -> {
			routes.GET(path, (request) -> serve(request, script));
			routes.HEAD(path, (request) -> serve(request, script));
		});
		return routes.build();
	}

	private static ServerResponse serve(ServerRequest request, ClientScript script) {
		return request.checkNotModified(script.etag())
			.orElseGet(() -> ServerResponse.ok()
				.contentType(script.mediaType())
				.eTag(script.etag())
				.cacheControl(CacheControl.noCache())
				.body(script.body()));
	}

}
