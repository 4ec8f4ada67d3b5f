package io.github.wsem.websocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.github.wsem.core.Handshake;
import io.github.wsem.core.Transport;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.util.WebUtils;

/**
 * Upgrades a handshake at {@code wsem.endpoint} that wsem accepts straight through the
 * container's {@link ServerContainer#upgradeHttpToWebSocket}, before Spring MVC's
 * dispatch and Spring's handshake handler. A handshake that any check would refuse, or
 * that is not a well-formed upgrade, goes on down the filter chain to Spring's handshake,
 * which answers it as before.
 */
public final class WebSocketUpgradeFilter implements Filter {

	private static final Log logger = LogFactory.getLog(WebSocketUpgradeFilter.class);

	private final WsemWebSocketHandler handler;

	private final Subprotocols subprotocols;

	private final CorsConfiguration origins;

	private final int maxConnections;

	private final LongAdder upgrades = new LongAdder();

	/**
	 * Create a filter.
	 * @param handler the handler of the endpoint
	 * @param allowedOriginPatterns origin patterns allowed besides the same origin
	 * @param maxConnections the most WebSocket connections of this node
	 */
	public WebSocketUpgradeFilter(WsemWebSocketHandler handler, List<String> allowedOriginPatterns,
			int maxConnections) {
		this.handler = handler;
		this.subprotocols = new Subprotocols(handler.getSubProtocols());
		this.origins = new CorsConfiguration();
		this.origins.setAllowedOriginPatterns(allowedOriginPatterns);
		this.maxConnections = maxConnections;
	}

	@Override
	public void init(FilterConfig config) {
		logger.info("wsem upgrades WebSocket handshakes through the container's ServerContainer, before Spring MVC"
				+ " (wsem.websocket.direct-upgrade=true)");
	}

	/**
	 * Return how many handshakes this filter upgraded.
	 */
	long upgrades() {
		return this.upgrades.sum();
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse
				&& upgrade(http, httpResponse)) {
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean upgrade(HttpServletRequest request, HttpServletResponse response)
			throws IOException, ServletException {
		if (!isWellFormedUpgrade(request) || !this.handler.isRunning()
				|| this.handler.connectionCount() >= this.maxConnections) {
			return false;
		}
		ServerContainer container = (ServerContainer) request.getServletContext()
			.getAttribute(ServerContainer.class.getName());
		if (container == null) {
			return false;
		}
		List<String> offered = Subprotocols.tokens(list(request.getHeaders("Sec-WebSocket-Protocol")));
		String selected = this.subprotocols.select(offered);
		if (!offered.isEmpty() && selected == null) {
			return false;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin != null && !WebUtils.isSameOrigin(new ServletServerHttpRequest(request))
				&& this.origins.checkOrigin(origin) == null) {
			return false;
		}
		Map<String, Object> attributes = new ConcurrentHashMap<>();
		Principal principal = request.getUserPrincipal();
		if (this.handler.hub().checksConnect()
				&& !this.handler.hub().authorizeConnect(handshake(request, principal, attributes))) {
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			return true;
		}
		DirectEndpoint endpoint = new DirectEndpoint(this.handler, new DirectWebSocketSession(attributes, principal));
		DirectEndpoint.Config config = new DirectEndpoint.Config(request.getRequestURI(), endpoint,
				(selected != null) ? List.of(selected) : List.of());
		try {
			container.upgradeHttpToWebSocket(request, response, config, Map.of());
			this.upgrades.increment();
		}
		catch (DeploymentException ex) {
			throw new ServletException("Servlet request failed to upgrade to WebSocket", ex);
		}
		return true;
	}

	private static Handshake handshake(HttpServletRequest request, @Nullable Principal principal,
			Map<String, Object> attributes) {
		ServletServerHttpRequest http = new ServletServerHttpRequest(request);
		return new Handshake(Transport.WEBSOCKET, http.getURI(), HttpHeaders.readOnlyHttpHeaders(http.getHeaders()),
				principal, new InetSocketAddress(request.getRemoteAddr(), request.getRemotePort()), attributes);
	}

	/**
	 * Whether the request is a handshake that Spring's handshake handler would accept:
	 * anything else goes on to it, to be answered as before.
	 */
	private static boolean isWellFormedUpgrade(HttpServletRequest request) {
		return "GET".equals(request.getMethod()) && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
				&& hasUpgradeToken(request.getHeaders("Connection"))
				&& "13".equals(request.getHeader("Sec-WebSocket-Version"))
				&& request.getHeader("Sec-WebSocket-Key") != null;
	}

	private static boolean hasUpgradeToken(Enumeration<String> values) {
		while (values.hasMoreElements()) {
			for (String token : values.nextElement().split(",")) {
				if (token.trim().equalsIgnoreCase("upgrade")) {
					return true;
				}
			}
		}
		return false;
	}

	private static List<String> list(Enumeration<String> values) {
		return (values != null) ? java.util.Collections.list(values) : List.of();
	}

}
