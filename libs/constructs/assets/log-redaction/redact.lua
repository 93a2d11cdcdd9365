-- Fluent Bit Lua filter: redacts personal data from every string of a log record before it
-- leaves the node (CloudWatch Logs, then the S3 archive keep what is left for years).
--
--   e-mail addresses                        -> [email]
--   payment card numbers (13-19 digits,     -> [card]
--     spaces or dashes between, Luhn-valid)
--   US social security numbers (ddd-dd-dddd) -> [ssn]
--   bearer tokens and JSON Web Tokens        -> Bearer [token], [jwt]
--   IPv4 addresses                          -> [ip]
--
-- The `kubernetes` metadata the filter before this one adds (pod, namespace, labels, host) is
-- the platform's, not a person's, and is left as it is. Called as
--   redact(tag, timestamp, record) -> code, timestamp, record
-- where code 0 keeps the record as it was and 2 replaces it, keeping its timestamp.

local function luhn_valid(digits)
  local sum, double = 0, false
  for i = #digits, 1, -1 do
    local d = tonumber(digits:sub(i, i))
    if double then
      d = d * 2
      if d > 9 then d = d - 9 end
    end
    sum = sum + d
    double = not double
  end
  return sum % 10 == 0
end

local function card(candidate)
  local digits = candidate:gsub('[ %-]', '')
  if #digits >= 13 and #digits <= 19 and luhn_valid(digits) then return '[card]' end
  return nil -- gsub keeps the match
end

local function redact_string(text)
  local out = text
  out = out:gsub('eyJ[%w_%-]+%.[%w_%-]+%.[%w_%-]+', '[jwt]')
  out = out:gsub('([Bb]earer)%s+[%w%-%._~%+/]+=*', '%1 [token]')
  out = out:gsub('[%w%._%%%+%-]+@[%w%-]+%.[%w%.%-]*%a', '[email]')
  out = out:gsub('%f[%d]%d%d%d%-%d%d%-%d%d%d%d%f[%D]', '[ssn]')
  out = out:gsub('%f[%d]%d[%d %-]*%d%f[%D]', card)
  out = out:gsub('%f[%d]%d+%.%d+%.%d+%.%d+%f[%D]', '[ip]')
  return out
end

local function redact_value(value)
  if type(value) == 'string' then
    local out = redact_string(value)
    return out, out ~= value
  end
  if type(value) == 'table' then
    local changed = false
    for key, item in pairs(value) do
      if key ~= 'kubernetes' then
        local out, item_changed = redact_value(item)
        if item_changed then
          value[key] = out
          changed = true
        end
      end
    end
    return value, changed
  end
  return value, false
end

function redact(tag, timestamp, record)
  local out, changed = redact_value(record)
  if changed then return 2, timestamp, out end
  return 0, timestamp, record
end
