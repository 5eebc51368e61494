package dev.litserve4j.internal.openapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON Schema of a Java type as the server's Jackson mapper reads or writes it. Records and beans
 * become named component schemas (their properties as Jackson sees them); maps, collections, arrays,
 * enums, strings, numbers and booleans become their JSON forms; anything whose shape Jackson decides
 * at run time or by custom code ({@code Object}, a {@code JsonNode}, an interface, {@code @JsonValue},
 * a custom serializer, polymorphic types, JDK classes without a JSON form here) is {@code {}}, which
 * every value fits: the document never claims a shape it cannot know.
 *
 * <p>A request property is required only when Jackson refuses a body without it
 * ({@code @JsonProperty(required = true)}); a missing one is bound to null or zero. An answer's
 * property is required when Jackson always writes it (the default inclusion). Whether a reference
 * may be null is not said: Java's types do not tell.
 */
final class TypeSchemas {

    private static final Logger log = LoggerFactory.getLogger(TypeSchemas.class);

    /** Which way a value crosses the wire: Jackson reads requests and writes answers, with different rules. */
    enum Direction { REQUEST, RESPONSE }

    private record Key(String type, Direction direction) {
    }

    private final ObjectMapper mapper;
    private final Map<String, Object> components = new LinkedHashMap<>();
    private final Map<Key, String> names = new HashMap<>();
    private final Set<String> referenced = new HashSet<>();
    /** Each name given out, with the type it names. */
    private final Map<String, String> owners = new HashMap<>();

    TypeSchemas(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The named schemas the returned schemas refer to, for {@code components.schemas}. */
    Map<String, Object> components() {
        return components;
    }

    Map<String, Object> schema(JavaType type, Direction direction) {
        Map<String, Object> scalar = ScalarSchemas.of(type.getRawClass());
        if (scalar != null) {
            return scalar;
        }
        if (type.isArrayType() || type.isCollectionLikeType()) {
            Map<String, Object> array = Schemas.array(schema(type.getContentType(), direction));
            if (Set.class.isAssignableFrom(type.getRawClass())) {
                array.put("uniqueItems", true);
            }
            return array;
        }
        if (type.isMapLikeType()) {
            return Schemas.dictionary(schema(type.getContentType(), direction));
        }
        if (type.isEnumType()) {
            return enumeration(type.getRawClass());
        }
        if (!isBeanLike(type)) {
            return Schemas.any();
        }
        return component(type, direction);
    }

    /** The constants as Jackson writes them (names, or their {@code @JsonProperty}/{@code @JsonValue}). */
    private Map<String, Object> enumeration(Class<?> raw) {
        List<String> values = new ArrayList<>();
        for (Object constant : raw.getEnumConstants()) {
            JsonNode written = mapper.valueToTree(constant);
            if (!written.isTextual()) {
                return Schemas.any();
            }
            values.add(written.asText());
        }
        return Schemas.oneOfStrings(values);
    }

    /** A record or a concrete class of the user's whose properties Jackson finds by itself. */
    private boolean isBeanLike(JavaType type) {
        Class<?> raw = type.getRawClass();
        String name = raw.getName();
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || raw.isInterface() || raw.isPrimitive() || (Modifier.isAbstract(raw.getModifiers()) && !raw.isRecord())) {
            return false;
        }
        AnnotatedClass annotated = mapper.getSerializationConfig().introspectClassAnnotations(type).getClassInfo();
        var annotations = mapper.getSerializationConfig().getAnnotationIntrospector();
        return !annotated.hasAnnotation(JsonTypeInfo.class)
                && annotations.findSerializer(annotated) == null && annotations.findDeserializer(annotated) == null;
    }

    private Map<String, Object> component(JavaType type, Direction direction) {
        Key key = new Key(type.toCanonical(), direction);
        String known = names.get(key);
        if (known != null) {
            return reference(known);
        }
        String name = freeName(type, direction);
        names.put(key, name); // before the properties: a type that contains itself refers to this name
        Map<String, Object> schema;
        try {
            schema = properties(type, direction);
        } catch (RuntimeException e) {
            log.debug("cannot describe {} for the OpenAPI document; documenting it as any JSON", type, e);
            schema = Schemas.any();
        }
        String same = sameSchema(type, name, schema);
        if (same != null) {
            owners.remove(name);
            names.put(key, same);
            return reference(same);
        }
        components.put(name, schema);
        return reference(name);
    }

    private Map<String, Object> properties(JavaType type, Direction direction) {
        BeanDescription bean = direction == Direction.REQUEST
                ? mapper.getDeserializationConfig().introspect(type)
                : mapper.getSerializationConfig().introspect(type);
        if (bean.findJsonValueAccessor() != null) {
            return Schemas.any(); // written as whatever that accessor returns
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        JsonInclude.Value inclusion = mapper.getSerializationConfig().getDefaultPropertyInclusion(type.getRawClass());
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (direction == Direction.REQUEST ? !property.couldDeserialize() : !property.couldSerialize()) {
                continue;
            }
            Map<String, Object> schema = new LinkedHashMap<>(schema(property.getPrimaryType(), direction));
            String description = property.getMetadata().getDescription();
            if (description != null && !description.isEmpty()) {
                schema.put("description", description);
            }
            properties.put(property.getName(), schema);
            if (direction == Direction.REQUEST ? property.isRequired() : alwaysWritten(inclusion, property)) {
                required.add(property.getName());
            }
        }
        Map<String, Object> object = Schemas.map("type", "object", "properties", properties);
        if (!required.isEmpty()) {
            object.put("required", required);
        }
        return object;
    }

    private static boolean alwaysWritten(JsonInclude.Value defaults, BeanPropertyDefinition property) {
        JsonInclude.Include include = defaults.withOverrides(property.findInclusion()).getValueInclusion();
        return include == JsonInclude.Include.ALWAYS || include == JsonInclude.Include.USE_DEFAULTS;
    }

    /**
     * The name of a component of the same class whose schema is the same (a record read and written
     * alike), so that it is listed once; null when there is none, or when {@code name} refers to itself.
     */
    private String sameSchema(JavaType type, String name, Map<String, Object> schema) {
        if (referenced.contains(name)) {
            return null;
        }
        for (Map.Entry<Key, String> entry : names.entrySet()) {
            if (!entry.getValue().equals(name) && entry.getKey().type().equals(type.toCanonical())
                    && schema.equals(components.get(entry.getValue()))) {
                return entry.getValue();
            }
        }
        return null;
    }

    private Map<String, Object> reference(String name) {
        referenced.add(name);
        return Schemas.ref(name);
    }

    /** {@code Point}, {@code Page_Item} for {@code Page<Item>}: characters OpenAPI allows in a name, and no dot. */
    private static String baseName(JavaType type) {
        Class<?> raw = type.getRawClass();
        StringBuilder name = new StringBuilder(raw.getSimpleName().isEmpty() ? raw.getName() : raw.getSimpleName());
        for (int i = 0; i < type.containedTypeCount(); i++) {
            name.append('_').append(type.containedType(i).getRawClass().getSimpleName());
        }
        return name.toString().replaceAll("[^A-Za-z0-9_-]", "_"); // no dot: the fixed schemas have one
    }

    /**
     * {@code base} if free; {@code baseRequest} or {@code baseResponse} when the same class took it the
     * other way (read and written differently); else {@code base2}, {@code base3}, ... for another
     * class of the same simple name.
     */
    private String freeName(JavaType type, Direction direction) {
        String base = baseName(type);
        String owner = owners.get(base);
        if (owner == null) {
            return claim(base, type);
        }
        String name = owner.equals(type.toCanonical())
                ? base + (direction == Direction.REQUEST ? "Request" : "Response") : base + "2";
        String candidate = name;
        for (int n = 2; owners.containsKey(candidate); n++) {
            candidate = name + n;
        }
        return claim(candidate, type);
    }

    private String claim(String name, JavaType type) {
        owners.put(name, type.toCanonical());
        return name;
    }
}
