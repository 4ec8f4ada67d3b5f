/**
 * A test kit for applications on wsem: {@link io.github.wsem.client.test.WsemTestClients}
 * in a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
@NullMarked
package io.github.wsem.client.test;

import org.jspecify.annotations.NullMarked;
