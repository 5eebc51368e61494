package dev.litserve4j.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * A parser that refuses to turn a JSON number into an infinity. JSON cannot spell Infinity, so an
 * infinite double or float read from a number token always means the number was too large for it
 * ({@code 1e400}, {@code 1e39} for a float). BigDecimal and BigInteger reads are left alone: 1e400 is
 * a fine BigDecimal. Every databind path that makes a double or float from the parser's own tokens
 * (typed fields, arrays, Map and Object values, JsonNode, Number) goes through these accessors.
 *
 * <p>A whole number too large for an int, long, short or byte field ({@code 99999999999999999999},
 * {@code 1e30} into a long) is refused by Jackson itself; the int and long accessors turn that refusal
 * into the same {@link NumberOutOfRangeException}, so its detail names the field the way a double's does.
 */
final class RangeCheckedParser extends JsonParserDelegate {

    RangeCheckedParser(JsonParser parser) {
        super(parser);
    }

    @Override
    public double getDoubleValue() throws IOException {
        double value = delegate.getDoubleValue();
        if (Double.isInfinite(value)) {
            throw outOfRange(double.class);
        }
        return value;
    }

    @Override
    public float getFloatValue() throws IOException {
        float value = delegate.getFloatValue();
        if (Float.isInfinite(value)) {
            throw outOfRange(float.class);
        }
        return value;
    }

    @Override
    public int getIntValue() throws IOException {
        try {
            return delegate.getIntValue();
        } catch (InputCoercionException e) {
            throw outOfRange(e);
        }
    }

    @Override
    public long getLongValue() throws IOException {
        try {
            return delegate.getLongValue();
        } catch (InputCoercionException e) {
            throw outOfRange(e);
        }
    }

    @Override
    public short getShortValue() throws IOException {
        try {
            return delegate.getShortValue();
        } catch (InputCoercionException e) {
            throw outOfRange(e);
        }
    }

    @Override
    public byte getByteValue() throws IOException {
        try {
            return delegate.getByteValue();
        } catch (InputCoercionException e) {
            throw outOfRange(e);
        }
    }

    @Override
    public int getValueAsInt() throws IOException {
        try {
            return delegate.getValueAsInt();
        } catch (InputCoercionException e) {
            throw outOfRange(e);
        }
    }

    @Override
    public int getValueAsInt(int fallback) throws IOException {
        try {
            return delegate.getValueAsInt(fallback);
        } catch (InputCoercionException e) {
            throw outOfRange(e);
        }
    }

    @Override
    public long getValueAsLong() throws IOException {
        try {
            return delegate.getValueAsLong();
        } catch (InputCoercionException e) {
            throw outOfRange(e);
        }
    }

    @Override
    public long getValueAsLong(long fallback) throws IOException {
        try {
            return delegate.getValueAsLong(fallback);
        } catch (InputCoercionException e) {
            throw outOfRange(e);
        }
    }

    @Override
    public Number getNumberValue() throws IOException {
        return checked(delegate.getNumberValue());
    }

    @Override
    public Number getNumberValueExact() throws IOException {
        return checked(delegate.getNumberValueExact());
    }

    /** A number not parsed yet comes back as its text; whoever reads it later chooses the type. */
    @Override
    public Object getNumberValueDeferred() throws IOException {
        Object value = delegate.getNumberValueDeferred();
        return value instanceof Number ? checked((Number) value) : value;
    }

    @Override
    public double getValueAsDouble() throws IOException {
        return delegate.currentToken() != null && delegate.currentToken().isNumeric() ? getDoubleValue()
                : delegate.getValueAsDouble();
    }

    @Override
    public double getValueAsDouble(double fallback) throws IOException {
        return delegate.currentToken() != null && delegate.currentToken().isNumeric() ? getDoubleValue()
                : delegate.getValueAsDouble(fallback);
    }

    private Number checked(Number value) throws IOException {
        if (value instanceof Double && ((Double) value).isInfinite()) {
            throw outOfRange(double.class);
        }
        if (value instanceof Float && ((Float) value).isInfinite()) {
            throw outOfRange(float.class);
        }
        return value;
    }

    private NumberOutOfRangeException outOfRange(Class<?> target) throws IOException {
        return new NumberOutOfRangeException(this, FieldPath.ofRead(delegate.getParsingContext()), delegate.getText(),
                target);
    }

    /** Jackson's own refusal of a number too large for its target, as this parser's, with the path. */
    private NumberOutOfRangeException outOfRange(InputCoercionException refusal) throws IOException {
        Class<?> target = refusal.getTargetType() != null ? refusal.getTargetType() : long.class;
        NumberOutOfRangeException e = new NumberOutOfRangeException(this,
                FieldPath.ofRead(delegate.getParsingContext()), delegate.getText(), target);
        e.initCause(refusal);
        return e;
    }

    // JsonParserDelegate leaves these to JsonParser's generic versions (nextToken, then currentName);
    // databind reads every field name through them, so they go straight to the parser's fast paths.

    @Override
    public String nextFieldName() throws IOException {
        return delegate.nextFieldName();
    }

    @Override
    public boolean nextFieldName(SerializableString name) throws IOException {
        return delegate.nextFieldName(name);
    }

    @Override
    public String nextTextValue() throws IOException {
        return delegate.nextTextValue();
    }

    @Override
    public int nextIntValue(int fallback) throws IOException {
        try {
            return delegate.nextIntValue(fallback);
        } catch (InputCoercionException e) {
            throw outOfRange(e);
        }
    }

    @Override
    public long nextLongValue(long fallback) throws IOException {
        try {
            return delegate.nextLongValue(fallback);
        } catch (InputCoercionException e) {
            throw outOfRange(e);
        }
    }

    @Override
    public Boolean nextBooleanValue() throws IOException {
        return delegate.nextBooleanValue();
    }
}
