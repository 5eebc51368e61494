package dev.litserve4j.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.util.ClassUtil;
import java.io.IOException;

/**
 * The range check again, on double and float fields, for the numbers {@link RangeCheckedParser} never
 * sees: databind replays some tokens from a buffer of its own (a polymorphic type whose id comes after
 * the fields, {@code @JsonUnwrapped}), and a replayed {@code 1e400} would become Infinity. Untyped
 * values (Map, Object) in such a buffer are not checked again. A replayed whole number too large for
 * an int, long, short or byte field is refused by Jackson's buffer; that refusal is made the same
 * {@link NumberOutOfRangeException} here.
 */
final class BufferedNumberCheck extends BeanDeserializerModifier {

    private static final long serialVersionUID = 1L;

    @Override
    public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
            JsonDeserializer<?> deserializer) {
        Class<?> type = description.getBeanClass();
        if (type == double.class || type == Double.class) {
            return new Checked(deserializer, double.class);
        }
        if (type == float.class || type == Float.class) {
            return new Checked(deserializer, float.class);
        }
        Class<?> primitive = type.isPrimitive() ? type : ClassUtil.primitiveType(type);
        if (primitive == int.class || primitive == long.class || primitive == short.class || primitive == byte.class) {
            return new Checked(deserializer, primitive);
        }
        return deserializer;
    }

    private static final class Checked extends DelegatingDeserializer {

        private static final long serialVersionUID = 1L;
        private final Class<?> target;

        Checked(JsonDeserializer<?> deserializer, Class<?> target) {
            super(deserializer);
            this.target = target;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> deserializer) {
            return new Checked(deserializer, target);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            Object value;
            try {
                value = _delegatee.deserialize(p, ctxt);
            } catch (NumberOutOfRangeException e) {
                throw e;
            } catch (InputCoercionException e) {
                NumberOutOfRangeException named = new NumberOutOfRangeException(p, null, p.getText(), target);
                named.initCause(e);
                throw named;
            }
            // A string such as "Infinity" is the client's explicit choice; only a number token overflows.
            if (token != null && token.isNumeric() && isInfinite(value)) {
                // The replaying parser's context can be off (@JsonUnwrapped); databind's reference chain is not.
                throw new NumberOutOfRangeException(p, null, p.getText(), target);
            }
            return value;
        }

        private static boolean isInfinite(Object value) {
            return value instanceof Double ? ((Double) value).isInfinite()
                    : value instanceof Float && ((Float) value).isInfinite();
        }
    }
}
