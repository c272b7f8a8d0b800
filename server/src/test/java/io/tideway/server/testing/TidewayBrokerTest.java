package io.tideway.server.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against one in-process Tideway broker: started before the first
 * test on a free loopback port with a fresh data directory, stopped (and the directory deleted)
 * after the last. Test constructors, lifecycle methods and test methods get the broker by
 * declaring a {@link RunningBroker} parameter.
 *
 * <pre>{@code
 * @TidewayBrokerTest(config = "auto.create.topics.enable=false")
 * class SomeIT {
 *     @Test
 *     void works(RunningBroker broker) { ... broker.bootstrapServers() ... }
 * }
 * }</pre>
 *
 * <p>The broker is shared by the class's tests (start-up costs about a second): each test uses its
 * own topics. Nested classes share their enclosing class's broker.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(TidewayBrokerExtension.class)
public @interface TidewayBrokerTest {

    /** Configuration overrides, each {@code key=value}, applied over the test defaults. */
    String[] config() default {};
}
