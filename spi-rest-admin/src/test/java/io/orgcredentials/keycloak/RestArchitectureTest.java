package io.orgcredentials.keycloak;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the REST module together with the rules module it uses: no package ring across both; the rules
 * module never uses the REST module; the resources reach the credential domain through its provider, never its JPA
 * implementation; the root resource locates the sub-resources, which do not know it.
 */
@AnalyzeClasses(packages = "io.orgcredentials.keycloak", importOptions = ImportOption.DoNotIncludeTests.class)
class RestArchitectureTest {

    private static final String[] REST_PACKAGES = {"io.orgcredentials.keycloak.admin..",
        "io.orgcredentials.keycloak.publicapi..", "io.orgcredentials.keycloak.http..",
        "io.orgcredentials.keycloak.jsontoken.."};

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("io.orgcredentials.keycloak.(**)")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theRulesNeverUseTheRestApi = noClasses()
            .that().resideInAPackage("io.orgcredentials.keycloak..").and().resideOutsideOfPackages(REST_PACKAGES)
            .should().dependOnClassesThat().resideInAnyPackage(REST_PACKAGES);

    @ArchTest
    static final ArchRule resourcesUseTheDomainProvider = noClasses().that().resideInAnyPackage(REST_PACKAGES)
            .should().dependOnClassesThat().resideInAnyPackage("io.orgcredentials.keycloak.credential.jpa..",
                    "io.orgcredentials.keycloak.quota..", "io.orgcredentials.keycloak.usage..",
                    "io.orgcredentials.keycloak.metrics..");

    @ArchTest
    static final ArchRule subResourcesDoNotKnowTheRoot = noClasses()
            .that().resideOutsideOfPackage("io.orgcredentials.keycloak.admin")
            .should().dependOnClassesThat().resideInAPackage("io.orgcredentials.keycloak.admin");
}
