package io.orgcredentials.keycloak;

import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.persistence.Entity;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the rules module, stated for the next reader and checked at every build:
 * <ul>
 *   <li>the credential model ({@code credential}) knows neither its JPA implementation nor the policy layer (the
 *   authenticator, the check, the token shaper, the guard policy) nor the background work that uses it;</li>
 *   <li>the JPA implementation ({@code credential.jpa}) owns the lifecycle: it starts the background work, which
 *   reaches the domain only through the model;</li>
 *   <li>the JPA implementation alone knows how the domain is stored: the entities ({@code credential.jpa.entity}),
 *   the store, the quota locks, the index rebuild and the one-time upgrades ({@code credential.jpa.upgrade}); nothing
 *   else touches JPA;</li>
 *   <li>no two packages depend on each other, directly or round a ring;</li>
 *   <li>no mutable state is static: what lives as long as the server lives in a provider factory.</li>
 * </ul>
 */
@AnalyzeClasses(packages = "io.orgcredentials.keycloak", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String OURS = "io.orgcredentials.keycloak.";

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("io.orgcredentials.keycloak.(**)")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theModelKnowsNoPolicyNorItsImplementation = noClasses()
            .that().resideInAPackage("io.orgcredentials.keycloak.credential")
            .should().dependOnClassesThat().resideInAnyPackage(OURS + "credential.jpa..", OURS + "clientpolicy..",
                    OURS + "check..", OURS + "token..", OURS + "authenticator..", OURS + "notice..", OURS + "usage..",
                    OURS + "metrics..", OURS + "cleanup..", OURS + "permissions..");

    @ArchTest
    static final ArchRule onlyTheJpaImplementationTouchesPersistence = noClasses()
            .that().resideOutsideOfPackage(OURS + "credential.jpa..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.keycloak.connections.jpa..",
                    "org.keycloak.models.jpa..", OURS + "credential.jpa..")
            .because("the domain is reached through CredentialProvider; how it is stored is the JPA implementation's");

    @ArchTest
    static final ArchRule entitiesLiveWithTheJpaImplementation = classes().that().areAnnotatedWith(Entity.class)
            .should().resideInAPackage(OURS + "credential.jpa.entity");

    @ArchTest
    static final ArchRule onlyTheJpaFactoryStartsBackgroundWork = noClasses()
            .that().resideOutsideOfPackages(OURS + "credential.jpa..", OURS + "notice..")
            .should().callMethod("io.orgcredentials.keycloak.notice.ExpiryNoticeTask", "schedule",
                    "org.keycloak.models.KeycloakSessionFactory", "io.orgcredentials.keycloak.metrics.CredentialMetrics")
            .orShould().callConstructor("io.orgcredentials.keycloak.usage.LastUsedRecorder",
                    "org.keycloak.models.KeycloakSessionFactory")
            .orShould().callConstructor("io.orgcredentials.keycloak.metrics.CredentialMetrics");

    /**
     * Hibernate needs every entity name to be unique in Keycloak's persistence unit, and an entity is named after its
     * class: one of ours named like one of Keycloak's (CredentialEntity, say) stops the server from starting.
     */
    @ArchTest
    static final ArchRule entityNamesAreNotKeycloaks = classes().that().areAnnotatedWith(Entity.class)
            .should(new ArchCondition<>("have a name no Keycloak entity has") {
                private final Set<String> keycloaks = new ClassFileImporter()
                        .importPackages("org.keycloak.models.jpa", "org.keycloak.events.jpa",
                                "org.keycloak.authorization.jpa", "org.keycloak.storage.jpa")
                        .stream().filter(type -> type.isAnnotatedWith(Entity.class)).map(JavaClass::getSimpleName)
                        .collect(Collectors.toSet());

                @Override
                public void check(JavaClass entity, ConditionEvents events) {
                    if (keycloaks.isEmpty() || keycloaks.contains(entity.getSimpleName())) {
                        events.add(SimpleConditionEvent.violated(entity, entity.getName() + (keycloaks.isEmpty()
                                ? ": Keycloak's entities were not found on the class path"
                                : " has the entity name of a Keycloak entity")));
                    }
                }
            });

    @ArchTest
    static final ArchRule staticFieldsAreFinal = fields().that().areStatic().should().beFinal();

    /**
     * Final is not enough: a static map, atomic or executor is still shared mutable state. The one static thread-local
     * ({@code CredentialSecret}'s per-thread HMAC, kept initialised with the last key) is a memo of a pure function:
     * whatever it holds, every caller gets the same answer.
     */
    @ArchTest
    static final ArchRule noStaticMutableState = fields().that().areStatic()
            .should().haveRawType(describe("no mutable holder", (JavaClass type) ->
                    !type.isAssignableTo(ConcurrentMap.class) && !type.isAssignableTo(java.util.HashMap.class)
                            && !type.isAssignableTo(ExecutorService.class)
                            && !type.getPackageName().equals("java.util.concurrent.atomic")))
            .because("what lives as long as the server belongs to a provider factory");
}
