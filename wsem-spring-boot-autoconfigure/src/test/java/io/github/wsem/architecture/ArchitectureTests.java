package io.github.wsem.architecture;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import io.github.wsem.core.ClientSession;
import io.github.wsem.core.EventNames;
import io.github.wsem.core.OutboundEvent;
import io.github.wsem.sse.SseSettings;
import io.github.wsem.websocket.WebSocketSettings;

import org.springframework.boot.autoconfigure.AutoConfiguration;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of wsem's packages, as README's "How it is built" describes it.
 */
@AnalyzeClasses(packages = "io.github.wsem", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule coreUsesNoTransportOrRedisType = noClasses().that()
		.resideInAPackage("io.github.wsem.core..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.web..", "org.springframework.data.redis..", "io.lettuce..",
				"jakarta.servlet..", "jakarta.websocket..", "org.apache.tomcat..", "org.apache.catalina..");

	@ArchTest
	static final ArchRule coreUsesNothingElseOfWsem = noClasses().that()
		.resideInAPackage("io.github.wsem.core..")
		.should()
		.dependOnClassesThat(resideInAPackage("io.github.wsem..").and(resideOutsideOfPackage("io.github.wsem.core..")));

	@ArchTest
	static final ArchRule packagesHaveNoCycles = slices().matching("io.github.wsem.(**)").should().beFreeOfCycles();

	@ArchTest
	static final ArchRule autoConfigurationsArePublicAndFinal = classes().that()
		.areAnnotatedWith(AutoConfiguration.class)
		.should()
		.bePublic()
		.andShould()
		.haveModifier(JavaModifier.FINAL);

	// Public only for the packages named in their Javadoc.

	@ArchTest
	static final ArchRule clientSessionsAreForTransports = onlyUsedIn(ClientSession.class, "io.github.wsem.core..",
			"io.github.wsem.websocket..", "io.github.wsem.sse..");

	@ArchTest
	static final ArchRule outboundEventsAreForTransportsAndBrokers = onlyUsedIn(OutboundEvent.class,
			"io.github.wsem.core..", "io.github.wsem.websocket..", "io.github.wsem.sse..", "io.github.wsem.broker..");

	@ArchTest
	static final ArchRule eventNamesAreForCoreSseAndProperties = onlyUsedIn(EventNames.class, "io.github.wsem.core..",
			"io.github.wsem.sse..", "io.github.wsem.autoconfigure..");

	@ArchTest
	static final ArchRule webSocketSettingsAreForTheHandlerAndItsConfiguration = onlyUsedIn(WebSocketSettings.class,
			"io.github.wsem.websocket..", "io.github.wsem.autoconfigure..");

	@ArchTest
	static final ArchRule sseSettingsAreForTheSseBeansAndTheirConfiguration = onlyUsedIn(SseSettings.class,
			"io.github.wsem.sse..", "io.github.wsem.autoconfigure..");

	private static ArchRule onlyUsedIn(Class<?> type, String... packages) {
		return noClasses().that()
			.resideOutsideOfPackages(packages)
			.should()
			.dependOnClassesThat()
			.areAssignableTo(type)
			.as(type.getSimpleName() + " is used only in " + String.join(", ", packages));
	}

}
