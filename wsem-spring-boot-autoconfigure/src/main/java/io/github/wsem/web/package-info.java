/**
 * HTTP endpoints of wsem besides the WebSocket: the browser client script.
 */
@NullMarked
package io.github.wsem.web;

import org.jspecify.annotations.NullMarked;
