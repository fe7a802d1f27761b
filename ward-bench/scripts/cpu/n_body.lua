-- n_body: floating-point arithmetic and table field access. Integrates the orbits of the Sun
-- and the four outer planets for n steps of 0.01 year (symplectic Euler: velocities from
-- all pairwise forces, then positions) and reports the system's energy before and after.
--
--   lua5.4 n_body.lua [steps]     ward n_body.lua [steps]     (default 500000)
-- Loaded by a harness (no global `arg`), the chunk only returns its module table: the
-- harness calls M.bench_main(steps) as often as it likes (ward-bench's LuaScriptBench).
local M = { name = "n_body", sizes = { default = 500000, warm = 100000, tiny = 1000 } }

local sqrt = math.sqrt
local SOLAR_MASS = 4 * math.pi * math.pi
local DAYS_PER_YEAR = 365.24

-- Positions in AU, velocities in AU/day (scaled to AU/year), masses in solar masses.
local function planet(x, y, z, vx, vy, vz, mass)
  return {
    x = x, y = y, z = z,
    vx = vx * DAYS_PER_YEAR, vy = vy * DAYS_PER_YEAR, vz = vz * DAYS_PER_YEAR,
    mass = mass * SOLAR_MASS,
  }
end

local function solar_system()
  return {
    { x = 0, y = 0, z = 0, vx = 0, vy = 0, vz = 0, mass = SOLAR_MASS }, -- the Sun
    planet(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01, -- Jupiter
      1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05, 9.54791938424326609e-04),
    planet(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01, -- Saturn
      -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05, 2.85885980666130812e-04),
    planet(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01, -- Uranus
      2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05, 4.36624404335156298e-05),
    planet(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01, -- Neptune
      2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05, 5.15138902046611451e-05),
  }
end

-- Gives the Sun the momentum that makes the system's total zero.
local function center_momentum(bodies)
  local px, py, pz = 0, 0, 0
  for i = 1, #bodies do
    local b = bodies[i]
    px, py, pz = px + b.vx * b.mass, py + b.vy * b.mass, pz + b.vz * b.mass
  end
  local sun = bodies[1]
  sun.vx, sun.vy, sun.vz = -px / SOLAR_MASS, -py / SOLAR_MASS, -pz / SOLAR_MASS
end

-- Kinetic energy of every body plus the potential energy of every pair.
local function energy(bodies)
  local e, count = 0, #bodies
  for i = 1, count do
    local a = bodies[i]
    e = e + 0.5 * a.mass * (a.vx * a.vx + a.vy * a.vy + a.vz * a.vz)
    for j = i + 1, count do
      local b = bodies[j]
      local dx, dy, dz = a.x - b.x, a.y - b.y, a.z - b.z
      e = e - a.mass * b.mass / sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end

local function advance(bodies, dt)
  local count = #bodies
  for i = 1, count do
    local a = bodies[i]
    local ax, ay, az, am = a.x, a.y, a.z, a.mass
    local avx, avy, avz = a.vx, a.vy, a.vz
    for j = i + 1, count do
      local b = bodies[j]
      local dx, dy, dz = ax - b.x, ay - b.y, az - b.z
      local d2 = dx * dx + dy * dy + dz * dz
      local mag = dt / (d2 * sqrt(d2))
      local bm = b.mass * mag
      avx, avy, avz = avx - dx * bm, avy - dy * bm, avz - dz * bm
      bm = am * mag
      b.vx, b.vy, b.vz = b.vx + dx * bm, b.vy + dy * bm, b.vz + dz * bm
    end
    a.vx, a.vy, a.vz = avx, avy, avz
  end
  for i = 1, count do
    local b = bodies[i]
    b.x, b.y, b.z = b.x + dt * b.vx, b.y + dt * b.vy, b.z + dt * b.vz
  end
end

-- Energies after these step counts, as lua5.2 prints them with %.9f. Compared as numbers
-- (within 1e-9): stock LuaJ's string.format ignores the precision.
local KNOWN = { [1000] = -0.169087605, [100000] = -0.169079859, [500000] = -0.169096567, [1000000] = -0.169086185 }
local START = -0.169075164

local function near(x, y) return math.abs(x - y) < 1e-9 end

function M.bench_main(steps)
  local bodies = solar_system()
  center_momentum(bodies)
  local before = energy(bodies)
  for _ = 1, steps do advance(bodies, 0.01) end
  local after = energy(bodies)
  local b, a = string.format("%.9f", before), string.format("%.9f", after)
  if not near(before, START) then error("n_body: energy before " .. b .. ", expected " .. START, 0) end
  -- The integrator conserves energy closely: a drift this large means wrong arithmetic.
  if math.abs(after - before) > 1e-4 then error("n_body: energy drifted from " .. b .. " to " .. a, 0) end
  local want = KNOWN[steps]
  if want and not near(after, want) then error(string.format("n_body(%d): energy after %s, expected %.9f", steps, a, want), 0) end
  return string.format("n_body(%d): energy %s -> %s%s", steps, b, a, want and "" or " (no known answer for this size: drift checked only)")
end

-- Run as a program: the chunk's arguments are then the command line's (the same as `arg`).
local first = ...
if type(arg) == "table" and first == arg[1] then
  local n = arg[1] and (tonumber(arg[1]) or error("size must be a number, got " .. arg[1], 0)) or M.sizes.default
  print(M.bench_main(n))
end
return M
