package io.github.wsem.client.test;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Closes the {@link WsemTestClient}s of a test method when it ends, so that the next test
 * of the same cached context starts without them.
 */
class WsemTestClientsTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		return 2000;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			ApplicationContext context = testContext.getApplicationContext();
			context.getBeanProvider(WsemTestClients.class).ifAvailable(WsemTestClients::closeAll);
		}
	}

}
