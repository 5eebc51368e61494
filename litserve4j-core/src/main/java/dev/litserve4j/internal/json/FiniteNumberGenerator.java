package dev.litserve4j.internal.json;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;

/**
 * A generator that never writes NaN or an infinity. Jackson would write the strings {@code "NaN"} and
 * {@code "Infinity"} (or, with that feature off, tokens that are not JSON): a client expecting a number
 * gets a string, or a document it cannot parse. {@link #failing} refuses such a value, naming where it
 * is; {@link #nulling} writes null instead, as JavaScript's {@code JSON.stringify} does. Every double
 * and float databind writes (fields, boxed values in maps, float[] and double[], JsonNode) comes
 * through {@code writeNumber} or {@code writeArray}.
 */
final class FiniteNumberGenerator extends JsonGeneratorDelegate {

    private final boolean nullForNonFinite;

    private FiniteNumberGenerator(JsonGenerator generator, boolean nullForNonFinite) {
        super(generator, false); // false: copied events and trees come back through this class's writers
        this.nullForNonFinite = nullForNonFinite;
    }

    /** A generator whose writes of NaN or an infinity fail with a message that says where the value is. */
    static JsonGenerator failing(JsonGenerator generator) {
        return new FiniteNumberGenerator(generator, false);
    }

    /** A generator that writes NaN and the infinities as null. */
    static JsonGenerator nulling(JsonGenerator generator) {
        return new FiniteNumberGenerator(generator, true);
    }

    @Override
    public void writeNumber(double value) throws IOException {
        if (Double.isFinite(value)) {
            delegate.writeNumber(value);
        } else {
            nonFinite(String.valueOf(value), "");
        }
    }

    @Override
    public void writeNumber(float value) throws IOException {
        if (Float.isFinite(value)) {
            delegate.writeNumber(value);
        } else {
            nonFinite(String.valueOf(value), "");
        }
    }

    @Override
    public void writeArray(double[] array, int offset, int length) throws IOException {
        _verifyOffsets(array.length, offset, length);
        for (int i = 0; i < length; i++) {
            if (!Double.isFinite(array[offset + i])) {
                if (!nullForNonFinite) {
                    nonFinite(String.valueOf(array[offset + i]), "[" + i + "]");
                }
                writeStartArray(array, length);
                for (int j = 0; j < length; j++) {
                    writeNumber(array[offset + j]);
                }
                writeEndArray();
                return;
            }
        }
        delegate.writeArray(array, offset, length);
    }

    /** @param element the array index within the value about to be written, or "" for the value itself */
    private void nonFinite(String value, String element) throws IOException {
        if (nullForNonFinite) {
            delegate.writeNull();
            return;
        }
        throw new JsonGenerationException("Non-finite number" + FieldPath.at(FieldPath.ofNextWrite(getOutputContext())
                + element) + ": " + value + " cannot be written as JSON", this);
    }
}
