package dev.litserve4j.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.IOContext;
import java.io.DataInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;

/**
 * Jackson's JSON factory, with every parser it makes range-checked ({@link RangeCheckedParser}) and
 * every generator refusing NaN and the infinities ({@link FiniteNumberGenerator#failing}), so any use
 * of the codec's mapper, not only {@link JsonCodec}'s own methods, keeps numbers JSON can hold.
 */
final class FiniteJsonFactory extends JsonFactory {

    private static final long serialVersionUID = 1L;

    FiniteJsonFactory(JsonFactoryBuilder builder) {
        super(builder);
    }

    private FiniteJsonFactory(FiniteJsonFactory source) {
        super(source, null);
    }

    @Override
    public JsonFactory copy() {
        _checkInvalidCopy(FiniteJsonFactory.class);
        return new FiniteJsonFactory(this);
    }

    @Override
    protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) throws IOException {
        return new RangeCheckedParser(super._createParser(data, offset, len, ctxt));
    }

    @Override
    protected JsonParser _createParser(InputStream in, IOContext ctxt) throws IOException {
        return new RangeCheckedParser(super._createParser(in, ctxt));
    }

    @Override
    protected JsonParser _createParser(Reader r, IOContext ctxt) throws IOException {
        return new RangeCheckedParser(super._createParser(r, ctxt));
    }

    @Override
    protected JsonParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable)
            throws IOException {
        return new RangeCheckedParser(super._createParser(data, offset, len, ctxt, recyclable));
    }

    @Override
    protected JsonParser _createParser(DataInput input, IOContext ctxt) throws IOException {
        return new RangeCheckedParser(super._createParser(input, ctxt));
    }

    @Override
    public JsonParser createNonBlockingByteArrayParser() throws IOException {
        return new RangeCheckedParser(super.createNonBlockingByteArrayParser());
    }

    @Override
    public JsonParser createNonBlockingByteBufferParser() throws IOException {
        return new RangeCheckedParser(super.createNonBlockingByteBufferParser());
    }

    @Override
    protected JsonGenerator _createGenerator(Writer out, IOContext ctxt) throws IOException {
        return FiniteNumberGenerator.failing(super._createGenerator(out, ctxt));
    }

    @Override
    protected JsonGenerator _createUTF8Generator(OutputStream out, IOContext ctxt) throws IOException {
        return FiniteNumberGenerator.failing(super._createUTF8Generator(out, ctxt));
    }
}
