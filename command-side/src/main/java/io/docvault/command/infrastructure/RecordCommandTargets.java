package io.docvault.command.infrastructure;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Finds a command's target aggregate as Axon's {@link AnnotationCommandTargetResolver} does, without
 * its per-command reflection: for a record with one component annotated
 * {@link TargetAggregateIdentifier} and none {@link TargetAggregateVersion} (every DocVault command),
 * the component's accessor is looked up once per class. Axon's resolver scans the command's fields and
 * methods for both annotations on every command; in the P1 profile that was an eighth of the
 * committer thread. Any other command goes to Axon's resolver.
 */
final class RecordCommandTargets implements CommandTargetResolver {

    private final CommandTargetResolver annotated = AnnotationCommandTargetResolver.builder().build();
    private final ClassValue<Optional<Method>> identifierAccessors = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            return identifierAccessor(type);
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Object payload = command.getPayload();
        Optional<Method> accessor = payload == null ? Optional.empty() : identifierAccessors.get(payload.getClass());
        if (accessor.isEmpty()) {
            return annotated.resolveTarget(command);
        }
        Object identifier;
        try {
            identifier = accessor.get().invoke(payload);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException("cannot read the target aggregate of a " + payload.getClass().getSimpleName(), e);
        }
        if (identifier == null) {
            throw new IllegalArgumentException("Invalid command. It does not identify the target aggregate: "
                    + payload.getClass().getSimpleName() + "." + accessor.get().getName() + "() is null");
        }
        return new VersionedAggregateIdentifier(identifier, null);
    }

    private static Optional<Method> identifierAccessor(Class<?> type) {
        if (!type.isRecord()) {
            return Optional.empty();
        }
        RecordComponent[] components = type.getRecordComponents();
        boolean versioned = Arrays.stream(components).anyMatch(c -> annotated(c, TargetAggregateVersion.class));
        List<RecordComponent> identifiers = Arrays.stream(components)
                .filter(c -> annotated(c, TargetAggregateIdentifier.class)).toList();
        // A meta-annotated identifier is left to Axon's resolver, with whatever its annotation adds.
        if (versioned || identifiers.size() != 1 || !directly(identifiers.get(0), TargetAggregateIdentifier.class)) {
            return Optional.empty();
        }
        Method accessor = identifiers.get(0).getAccessor();
        accessor.setAccessible(true);
        return Optional.of(accessor);
    }

    private static boolean directly(RecordComponent component, Class<? extends Annotation> annotation) {
        return annotationsOf(component).stream().anyMatch(a -> a.annotationType() == annotation);
    }

    /** Directly, or through an annotation of its own (Axon's resolver follows such meta-annotations). */
    private static boolean annotated(RecordComponent component, Class<? extends Annotation> annotation) {
        return annotationsOf(component).stream().anyMatch(a -> a.annotationType() == annotation
                || a.annotationType().isAnnotationPresent(annotation));
    }

    /** A component's annotations, which Java puts on its accessor or its field by their targets. */
    private static List<Annotation> annotationsOf(RecordComponent component) {
        List<Annotation> present = new ArrayList<>(List.of(component.getAccessor().getAnnotations()));
        fieldOf(component).ifPresent(field -> present.addAll(List.of(field.getAnnotations())));
        return present;
    }

    private static Optional<Field> fieldOf(RecordComponent component) {
        try {
            return Optional.of(component.getDeclaringRecord().getDeclaredField(component.getName()));
        } catch (NoSuchFieldException e) {
            return Optional.empty();
        }
    }
}
