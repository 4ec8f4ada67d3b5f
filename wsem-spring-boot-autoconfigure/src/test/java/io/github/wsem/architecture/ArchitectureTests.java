package io.github.wsem.architecture;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

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

}
